// A guest (Xvisor's vmm_guest): its vcpus, address space, devices, interrupt
// wiring and clock, and the guest-wide operations of the manager (kick,
// pause, resume, halt, reset, power off). Guest-wide operations check every
// vcpu first and then act, so a refused operation changes nothing.

import { Subject, type Observable } from 'rxjs';
import type { CpuModel } from '../../arch/arm/cpu/common/cpu-backend.ts';
import { GuestAspace } from '../aspace/guest-aspace.ts';
import { DevEmu } from '../devemu/devemu.ts';
import type { EmuState, LogKind } from '../devemu/emulator.ts';
import { IrqRouter } from '../devemu/irq-router.ts';
import { CpuSysregSlot } from '../devemu/sysreg-slot.ts';
import type { EmulatorRegistry } from '../devemu/registry.ts';
import { GuestDescError, type GuestDesc } from '../devtree/guest-desc.ts';
import { StateError, isLegal, type VcpuOp } from '../sched/vcpu-state.ts';
import { SleepKind } from '../sched/thread.ts';
import { GuestClock } from './guest-clock.ts';
import { PsciRet, decodePsci, parsePsciVersion } from './psci.ts';
import { Vcpu } from './vcpu.ts';
import type { Hypervisor } from '../hypervisor.ts';

export type GuestEventKind = 'created' | 'kicked' | 'paused' | 'resumed' | 'halted' | 'reset' | 'poweroff' | 'destroyed';

export interface GuestEvent {
  readonly guest: string;
  readonly kind: GuestEventKind;
  readonly timeNs: number;
}

/** An image placed by the loader, put back on every guest reset (as QEMU reloads its ROM blobs). */
export interface BootImage {
  readonly gpa: number;
  readonly data: Uint8Array;
  readonly what: string;
}

export class Guest {
  readonly aspace: GuestAspace;
  readonly irqs: IrqRouter;
  readonly clock: GuestClock;
  readonly vcpus: Vcpu[] = [];
  readonly devemu: DevEmu;
  readonly psciVersion: number;
  /** Objects shared by this guest's emulators (service "guest-local"). */
  readonly local = new Map<string, unknown>();
  bootImages: BootImage[] = [];
  destroyed = false;
  poweredOff = false;
  private readonly events = new Subject<GuestEvent>();
  readonly events$: Observable<GuestEvent> = this.events.asObservable();

  constructor(
    readonly hv: Hypervisor,
    readonly id: number,
    readonly desc: GuestDesc,
    models: readonly CpuModel[],
    registry: EmulatorRegistry,
    opts: { nsPerInstruction: (m: CpuModel) => number; wfiTimeoutNs: number; counterHz: number },
  ) {
    this.psciVersion = parsePsciVersion(desc.psciVersion);
    if (desc.vcpus.length === 0) throw new GuestDescError(desc.name, desc.path, 'guest has no vcpus');
    this.aspace = new GuestAspace(desc.name, desc, { sharedRam: (k, size, node) => hv.sharedRam(k, size, `${desc.name}: ${node}`) });
    this.irqs = new IrqRouter(desc.name, desc.guestIrqCount);
    this.clock = new GuestClock(hv.sched, desc.name, (timer, err) =>
      hv.logLine('error', desc.name, `timer ${timer} handler failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    // A device serving CPU system registers (GICv3) gets them wired to every vcpu after its probe.
    const sysregSlots = desc.regions.some((r) => r.compatible !== undefined && registry.find(r.compatible)?.emulator.cpuSysregs === true)
      ? desc.vcpus.map(() => new CpuSysregSlot())
      : undefined;
    desc.vcpus.forEach((vd, i) => {
      const model = models.find((m) => m.compatible.includes(vd.compatible));
      if (model === undefined)
        throw new GuestDescError(desc.name, vd.path, `no CPU model for compatible "${vd.compatible}" (built: ${models.flatMap((m) => m.compatible).join(', ') || 'none'})`);
      this.vcpus.push(new Vcpu(this, i, vd, model, opts.nsPerInstruction(model), opts.wfiTimeoutNs, opts.counterHz, sysregSlots?.[i]));
    });
    const self = this;
    this.devemu = new DevEmu(
      {
        guestName: desc.name,
        vcpuCount: desc.vcpus.length,
        clock: this.clock,
        dma: { read: (gpa, dst) => self.aspace.tryRead(gpa, dst), write: (gpa, src) => self.aspace.tryWrite(gpa, src) },
        irqs: this.irqs,
        vcpuIrq: this.vcpus.map((v) => v.irqInputs),
        charPort: (node) => hv.vserials.create(`${desc.name}/${node}`),
        random: () => hv.prng.nextFloat(),
        log: (kind: LogKind, node: string, message: string) =>
          hv.logLine(kind === 0 ? 'guest' : kind === 1 ? 'unimp' : 'info', `${desc.name}:${node}`, message),
        requestReset: () => hv.sched.defer(() => self.resetAndKick()),
        requestPowerOff: () => hv.sched.defer(() => self.powerOff()),
        service: <T>(kind: string, name: string): T | undefined =>
          kind === 'guest-local' ? (self.local as unknown as T) : hv.service<T>(kind, name),
      },
      desc,
      this.aspace,
      registry,
    );
    this.devemu.onFault = (m) => hv.logLine('error', desc.name, m);
    if (sysregSlots !== undefined)
      for (const d of this.devemu.devices) {
        const dev = d.dev;
        if (d.emulator.cpuSysregs === true && dev.sysregInterface !== undefined) sysregSlots.forEach((slot, i) => slot.attach(dev.sysregInterface!(i)));
      }
  }

  get name(): string {
    return this.desc.name;
  }

  emit(kind: GuestEventKind): void {
    const ev = { guest: this.name, kind, timeNs: this.hv.nowNs() };
    this.events.next(ev);
    this.hv.emitGuestEvent(ev);
  }

  /** Sums of the vcpus' statistics (guest-wide figures for dumpstat-like commands). */
  stats(): { instructions: number; runNs: number; switches: number; wfi: number; traps: number } {
    const t = { instructions: 0, runNs: 0, switches: 0, wfi: 0, traps: 0 };
    for (const v of this.vcpus) {
      t.instructions += v.vstats.instructions;
      t.runNs += v.stats.runNs;
      t.switches += v.stats.switches;
      t.wfi += v.vstats.wfi;
      t.traps += v.vstats.traps;
    }
    return t;
  }

  /** A one-word summary for `guest list`. */
  get state(): string {
    if (this.poweredOff) return 'POWEROFF';
    // A vcpu waiting in WFI is PAUSED (as on Xvisor), but its guest is running, not paused by anyone.
    const states = new Set(this.vcpus.map((v) => (v.state === 'PAUSED' && v.sleepKind === SleepKind.Wfi ? 'RUNNING' : v.state)));
    for (const s of ['RUNNING', 'READY', 'PAUSED', 'HALTED', 'RESET', 'UNKNOWN'] as const) if (states.has(s)) return s;
    return 'UNKNOWN';
  }

  // ---- guest-wide operations (check all, then act) ----

  private refuse(op: VcpuOp | string, why: string): never {
    throw new StateError(this.name, op, this.state, `${this.name}: cannot ${op}: ${why}`);
  }

  private live(): void {
    if (this.destroyed) this.refuse('use', 'guest was destroyed');
  }

  /** Kicks every vcpu not marked poweroff (PSCI secondaries wait for CPU_ON). */
  kick(): void {
    this.live();
    const targets = this.vcpus.filter((v) => !v.desc.poweroff);
    const bad = targets.find((v) => !isLegal('kick', v.state));
    if (bad) this.refuse('kick', `${bad.name} is ${bad.state} (kick needs RESET)`);
    this.poweredOff = false;
    for (const v of targets) this.hv.sched.kick(v);
    this.emit('kicked');
  }

  pause(): void {
    this.live();
    const targets = this.vcpus.filter((v) => v.state === 'READY' || v.state === 'RUNNING' || (v.state === 'PAUSED' && v.sleepKind !== SleepKind.None));
    if (targets.length === 0) this.refuse('pause', 'no vcpu is running');
    for (const v of targets) this.hv.sched.pause(v);
    this.emit('paused');
  }

  resume(): void {
    this.live();
    const targets = this.vcpus.filter((v) => v.state === 'PAUSED' && v.sleepKind === SleepKind.None);
    if (targets.length === 0) this.refuse('resume', 'no vcpu is paused');
    for (const v of targets) this.hv.sched.resume(v);
    this.emit('resumed');
  }

  halt(): void {
    this.live();
    const targets = this.vcpus.filter((v) => v.state !== 'RESET' && v.state !== 'HALTED');
    if (targets.length === 0) this.refuse('halt', 'no vcpu is running');
    this.stopVcpus(targets);
    this.emit('halted');
  }

  /** Resets vcpus, devices and re-places boot images; RAM otherwise keeps its contents. */
  reset(): void {
    this.live();
    for (const v of this.vcpus) {
      if (v.state !== 'RESET') this.hv.sched.reset(v);
      else v.onReset();
    }
    this.clock.stopAll();
    this.devemu.reset();
    this.aspace.monitor.clearAll();
    for (const img of this.bootImages) this.aspace.write(img.gpa, img.data, img.what);
    this.poweredOff = false;
    this.emit('reset');
  }

  resetAndKick(): void {
    if (this.destroyed) return;
    this.reset();
    this.kick();
  }

  /** SYSTEM_OFF / a board power-off register: every vcpu halted, an event for watchers. */
  powerOff(): void {
    if (this.destroyed || this.poweredOff) return;
    this.stopVcpus(this.vcpus.filter((v) => v.state !== 'RESET' && v.state !== 'HALTED'));
    this.poweredOff = true;
    this.hv.logLine('info', this.name, 'powered off');
    this.emit('poweroff');
  }

  private stopVcpus(vs: Vcpu[]): void {
    for (const v of vs) {
      if (v.state === 'PAUSED') this.hv.sched.resume(v);
      this.hv.sched.halt(v);
    }
  }

  /** A vcpu the guest cannot continue: halted with a register dump, the rest goes on. */
  haltVcpuOnError(v: Vcpu, why: string): void {
    let dump = '';
    try {
      dump = v.backend.dumpRegisters();
    } catch {
      dump = '(register dump failed)';
    }
    v.haltMessage = `${v.name}: halted: ${why}`;
    this.hv.logLine('error', v.name, `halted: ${why}\n${dump}`);
    if (v.state === 'READY' || v.state === 'RUNNING') this.hv.sched.halt(v);
  }

  // ---- hypercalls (PSCI over HVC or SMC) ----

  hypercall(v: Vcpu, smc: boolean): void {
    const b = v.backend;
    const act = decodePsci({ arg: (n) => b.hypercallArg(n), argHi: (n) => b.hypercallArgHi(n) }, this.psciVersion);
    const ret = (value: number) => b.completeHypercall([value]);
    switch (act.kind) {
      case 'return':
        if (act.value === PsciRet.NOT_SUPPORTED && !isKnownNotSupported(b.hypercallArg(0)))
          this.hv.logLine('unimp', v.name, `${smc ? 'SMC' : 'HVC'} function 0x${(b.hypercallArg(0) >>> 0).toString(16)} not supported`);
        ret(act.value);
        return;
      case 'cpu-on': {
        const t = this.vcpus[act.target];
        if (t === undefined || act.target < 0) return ret(PsciRet.INVALID_PARAMETERS);
        if (t.state !== 'RESET' && t.state !== 'HALTED') return ret(PsciRet.ALREADY_ON);
        if (!this.aspace.isMemory(act.entry, 4)) return ret(PsciRet.INVALID_ADDRESS);
        if (t.state === 'HALTED') this.hv.sched.reset(t);
        // The entry is for this power-up only; a guest reset goes back to start_pc.
        t.backend.reset(act.entry, [act.contextId]);
        this.hv.sched.kick(t);
        return ret(PsciRet.SUCCESS);
      }
      case 'affinity-info': {
        const t = this.vcpus[act.target];
        if (t === undefined || act.target < 0) return ret(PsciRet.INVALID_PARAMETERS);
        return ret(t.state === 'RESET' || t.state === 'HALTED' ? 1 : 0);
      }
      case 'cpu-off':
        // Never returns: the vcpu goes back to RESET until another CPU_ON.
        this.hv.sched.reset(v);
        return;
      case 'suspend':
        ret(PsciRet.SUCCESS);
        v.enterWfi(this.hv.sched);
        return;
      case 'system-off':
        this.hv.sched.defer(() => this.powerOff());
        return;
      case 'system-reset':
        this.hv.sched.defer(() => this.resetAndKick());
        return;
    }
  }

  // ---- snapshots of devices (vcpus and RAM are in core/snapshot) ----

  saveDevices(): { path: string; compatible: string; state: EmuState }[] {
    return this.devemu.save();
  }
}

function isKnownNotSupported(fn: number): boolean {
  return (fn >>> 0) === 0x80000001;
}
