// Guest snapshots: vcpus (CpuBackend.save plus scheduling state), devices
// (EmuDevice.save), the RAM chunks that were allocated, the guest clock and
// the random source, as a versioned plain object (STYLE.md "save and restore
// from day one"). restoreGuest builds a fresh guest from the same
// description in a hypervisor and continues exactly where the original was.

import type { EmuState } from '../devemu/emulator.ts';
import type { GuestDesc } from '../devtree/guest-desc.ts';
import type { Hypervisor } from '../hypervisor.ts';
import type { Guest } from '../manager/guest.ts';
import { SleepKind } from '../sched/thread.ts';
import type { VcpuState } from '../sched/vcpu-state.ts';

export const SNAPSHOT_VERSION = 1;

export interface VcpuSnapshot {
  readonly name: string;
  readonly state: VcpuState;
  readonly sleepKind: number;
  /** Absolute wake time of a sleeping vcpu (-1: none). */
  readonly wakeAt: number;
  readonly resumeRace: boolean;
  readonly hcpu: number;
  readonly bootEntry: number;
  readonly bootRegs: number[];
  readonly inputs: number[];
  readonly cpu: { version: number; [k: string]: unknown };
}

export interface GuestSnapshot {
  readonly version: number;
  readonly guest: string;
  readonly timeNs: number;
  readonly clockLastNs: number;
  readonly poweredOff: boolean;
  readonly prng: number[];
  readonly vcpus: VcpuSnapshot[];
  readonly devices: { path: string; compatible: string; state: EmuState }[];
  readonly ram: { region: string; chunks: [number, Uint8Array][] }[];
  readonly bootImages: { gpa: number; data: Uint8Array; what: string }[];
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** Saves a guest between runs (not from inside a vcpu's run). */
export function saveGuest(hv: Hypervisor, g: Guest): GuestSnapshot {
  if (hv.sched.execThread !== null) throw new SnapshotError(`${g.name}: cannot snapshot from inside a run`);
  const seen = new Set<unknown>();
  const ram: GuestSnapshot['ram'] = [];
  for (const r of g.aspace.regions) {
    if (r.backing === null || seen.has(r.backing)) continue;
    seen.add(r.backing);
    ram.push({ region: r.name, chunks: [...r.backing.allocated()].map(([i, b]) => [i, b.slice()] as [number, Uint8Array]) });
  }
  return {
    version: SNAPSHOT_VERSION,
    guest: g.name,
    timeNs: hv.nowNs(),
    clockLastNs: g.clock.lastNs,
    poweredOff: g.poweredOff,
    prng: hv.prng.save(),
    vcpus: g.vcpus.map((v) => ({
      name: v.desc.name,
      state: v.state,
      sleepKind: v.sleepKind,
      wakeAt: v.wakeTimer?.pending ? v.wakeTimer.deadline : -1,
      resumeRace: v.resumeRace,
      hcpu: v.hcpu,
      bootEntry: v.bootEntry,
      bootRegs: v.bootRegs.slice(),
      inputs: [v.irqInputs.irq.level, v.irqInputs.fiq.level, v.irqInputs.virq.level, v.irqInputs.vfiq.level],
      cpu: v.backend.save(),
    })),
    devices: g.devemu.save(),
    ram,
    bootImages: g.bootImages.map((i) => ({ gpa: i.gpa, data: i.data.slice(), what: i.what })),
  };
}

/**
 * Creates a guest from desc in hv and loads the snapshot into it. The
 * hypervisor's time first advances to the snapshot's time (its other guests
 * run meanwhile); a hypervisor already past that time is refused.
 */
export function restoreGuest(hv: Hypervisor, desc: GuestDesc, snap: GuestSnapshot, opts: { restoreRandom?: boolean } = {}): Guest {
  if (snap.version !== SNAPSHOT_VERSION) throw new SnapshotError(`snapshot of ${snap.guest}: version ${snap.version}, expected ${SNAPSHOT_VERSION}`);
  if (desc.vcpus.length !== snap.vcpus.length)
    throw new SnapshotError(`snapshot of ${snap.guest}: ${snap.vcpus.length} vcpus, guest ${desc.name} has ${desc.vcpus.length}`);
  const now = hv.nowNs();
  if (now > snap.timeNs) throw new SnapshotError(`snapshot of ${snap.guest} is at ${snap.timeNs} ns, this hypervisor is already at ${now} ns`);
  if (now < snap.timeNs) hv.runFor(snap.timeNs - now);
  const g = hv.createGuest(desc);
  try {
    for (const r of snap.ram) {
      const region = g.aspace.regions.find((x) => x.name === r.region);
      if (region === undefined || region.backing === null) throw new SnapshotError(`${g.name}: snapshot has RAM region ${r.region} which this guest lacks`);
      for (const [i, bytes] of r.chunks) {
        if (!(i >= 0 && i < region.backing.chunks.length) || bytes.length !== 65536)
          throw new SnapshotError(`${g.name}: snapshot chunk ${i} of ${r.region} does not fit the region`);
        region.backing.write(i * 65536, bytes);
      }
    }
    g.aspace.writeGeneration++;
    g.bootImages = snap.bootImages.map((i) => ({ ...i }));
    const sched = hv.sched;
    snap.vcpus.forEach((vs, idx) => {
      const v = g.vcpus[idx];
      if (v.desc.name !== vs.name) throw new SnapshotError(`${g.name}: snapshot vcpu ${vs.name} where the guest has ${v.desc.name}`);
      v.bootEntry = vs.bootEntry;
      v.bootRegs = vs.bootRegs.slice();
      try {
        v.backend.restore(vs.cpu);
      } catch (err) {
        throw new SnapshotError(`${v.name}: CPU state: ${err instanceof Error ? err.message : String(err)}`);
      }
      const lines = [v.irqInputs.irq, v.irqInputs.fiq, v.irqInputs.virq, v.irqInputs.vfiq];
      vs.inputs.forEach((l, k) => lines[k].set(l));
      if (vs.hcpu >= 0 && vs.hcpu < sched.cpus.length && (v.affinity >>> vs.hcpu) & 1) v.hcpu = vs.hcpu;
      if (vs.state === 'RESET') return;
      sched.kick(v);
      if (vs.state === 'PAUSED') {
        if (vs.sleepKind !== SleepKind.None) sched.sleep(v, vs.wakeAt >= 0 ? vs.wakeAt - hv.nowNs() : Infinity, vs.sleepKind as SleepKind);
        else sched.pause(v);
      } else if (vs.state === 'HALTED') sched.halt(v);
      v.resumeRace = vs.resumeRace;
    });
    g.devemu.restore(snap.devices);
    g.clock.lastNs = snap.clockLastNs;
    g.poweredOff = snap.poweredOff;
    if (opts.restoreRandom !== false) hv.prng.restore(snap.prng);
  } catch (err) {
    hv.destroyGuest(g);
    throw err;
  }
  return g;
}
