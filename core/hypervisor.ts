// The top-level object of Xvisor-TS's microkernel: host CPUs and the
// scheduler, the timer queue, the manager of guests and vcpus, the emulator
// registry, vserials and chardevs, host services, the seeded random source,
// and the streams the terminal and tests watch. See core/README.md.

import { Subject, type Observable } from 'rxjs';
import type { CpuModel } from '../arch/arm/cpu/common/cpu-backend.ts';
import { RamBacking } from './aspace/ram-backing.ts';
import { ChardevRegistry } from './chardev/chardev.ts';
import type { Emulator } from './devemu/emulator.ts';
import { EmulatorRegistry } from './devemu/registry.ts';
import { GuestDescError, type GuestDesc } from './devtree/guest-desc.ts';
import { Guest, type GuestEvent } from './manager/guest.ts';
import { Vcpu } from './manager/vcpu.ts';
import { Prng } from './random/prng.ts';
import { OrphanThread, type ThreadBody } from './sched/orphan-thread.ts';
import { Scheduler } from './sched/scheduler.ts';
import type { SchedThread } from './sched/thread.ts';
import { StateError, threadStateOf, type ThreadState, type VcpuState } from './sched/vcpu-state.ts';
import { Workqueue } from './sched/workqueue.ts';
import { TimerEvent } from './timer/timer-event.ts';
import type { TimerInfo, TimerQueueStats } from './timer/timer-queue.ts';
import { VserialRegistry } from './vserial/vserial.ts';

export type LogLevel = 'error' | 'warn' | 'info' | 'guest' | 'unimp';

export interface LogLine {
  readonly level: LogLevel;
  /** guest, vcpu, device or subsystem the line is about. */
  readonly source: string;
  readonly message: string;
  readonly timeNs: number;
}

export interface VcpuStateChange {
  readonly id: number;
  readonly name: string;
  /** Guest name, undefined for orphan threads. */
  readonly guest?: string;
  readonly from: VcpuState;
  readonly to: VcpuState;
  readonly timeNs: number;
}

export interface HypervisorOptions {
  /** Host CPUs (CONFIG_CPU_COUNT / host DTS); default 1. */
  hostCpuCount?: number;
  /** CONFIG_TSLICE_MS; default 10. */
  tsliceMs?: number;
  /** Seed of the one random source; default 1. */
  seed?: number;
  cpuModels?: readonly CpuModel[];
  emulators?: readonly Emulator[];
  /** compatible -> config symbol of emulators, for "enable CONFIG_..." hints. */
  emulatorSymbols?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Virtual ns per guest instruction; default 1 (1 GHz). */
  nsPerInstruction?: number;
  /** Per CPU model name overrides of nsPerInstruction. */
  nsPerInstructionByModel?: Readonly<Record<string, number>>;
  /** CONFIG_WFI_TIMEOUT_MSECS; default 100. */
  wfiTimeoutMs?: number;
  /** CONFIG_MAX_GUEST_COUNT; default 16. */
  maxGuests?: number;
  /** CONFIG_MAX_VCPU_COUNT (orphan threads included); default 64. */
  maxVcpus?: number;
  /** Longest run of one host CPU ahead of the others; default 100 us. */
  quantumNs?: number;
  /** Generic timer frequency; default 62.5 MHz as QEMU 7.2. */
  counterHz?: number;
  /** Receives every log line (the driver prints them). */
  log?: (line: LogLine) => void;
  /** Pacing hook called between quanta with virtual time (drivers/ provides it). */
  pacer?: (virtualNs: number) => void;
  /** Create the per-CPU system workqueues `syswq/<cpu>` (default true). */
  systemWorkqueues?: boolean;
}

export interface VcpuInfo {
  readonly id: number;
  readonly name: string;
  readonly hcpu: number;
  readonly priority: number;
  readonly state: VcpuState;
  readonly threadState: ThreadState;
  readonly affinity: number[];
  readonly orphan: boolean;
  readonly guest?: string;
}

export class Hypervisor {
  readonly sched: Scheduler;
  readonly prng: Prng;
  readonly emulators: EmulatorRegistry;
  readonly cpuModels: readonly CpuModel[];
  readonly vserials = new VserialRegistry();
  readonly chardevs = new ChardevRegistry();
  readonly workqueues: Workqueue[] = [];
  readonly maxGuests: number;
  private readonly guestList: Guest[] = [];
  private nextGuestId = 0;
  private readonly services = new Map<string, unknown>();
  private readonly shared = new Map<string, RamBacking>();
  private readonly opts: HypervisorOptions;
  private readonly stateSubject = new Subject<VcpuStateChange>();
  private readonly guestSubject = new Subject<GuestEvent>();
  private readonly logSubject = new Subject<LogLine>();
  /** Every vcpu/thread state change. */
  readonly stateChanges$: Observable<VcpuStateChange> = this.stateSubject.asObservable();
  /** Guest lifecycle: created, kicked, paused, resumed, halted, reset, poweroff, destroyed. */
  readonly guestEvents$: Observable<GuestEvent> = this.guestSubject.asObservable();
  readonly log$: Observable<LogLine> = this.logSubject.asObservable();

  constructor(opts: HypervisorOptions = {}) {
    this.opts = opts;
    this.maxGuests = opts.maxGuests ?? 16;
    const tslice = opts.tsliceMs ?? 10;
    this.sched = new Scheduler({
      hostCpuCount: opts.hostCpuCount ?? 1,
      tsliceNs: tslice * 1_000_000,
      quantumNs: opts.quantumNs,
      maxThreads: opts.maxVcpus ?? 64,
      pacer: opts.pacer,
      onStateChange: (t, from, to) => {
        if (!this.stateSubject.observed) return;
        this.stateSubject.next({
          id: t.id, name: t.name, guest: t instanceof Vcpu ? t.guest.name : undefined, from, to, timeNs: this.sched.nowNs(),
        });
      },
    });
    this.prng = new Prng(opts.seed ?? 1);
    const symbols = opts.emulatorSymbols instanceof Map ? opts.emulatorSymbols : new Map(Object.entries(opts.emulatorSymbols ?? {}));
    this.emulators = new EmulatorRegistry(opts.emulators ?? [], symbols);
    this.cpuModels = opts.cpuModels ?? [];
    if (opts.systemWorkqueues !== false)
      for (const cpu of this.sched.cpus)
        this.workqueues.push(
          new Workqueue(`syswq/${cpu.index}`, this.sched, {
            priority: 7,
            affinity: 1 << cpu.index,
            hcpu: cpu.index,
            onError: (w, err) => this.logLine('error', `syswq/${cpu.index}`, `work ${w.name} failed: ${errText(err)}`),
          }),
        );
  }

  // ---- time ----

  nowNs(): number {
    return this.sched.nowNs();
  }

  runFor(ns: number): void {
    this.sched.runFor(ns);
  }

  runUntil(predicate: () => boolean, maxNs: number): boolean {
    return this.sched.runUntil(predicate, maxNs);
  }

  stop(): void {
    this.sched.stop();
  }

  // ---- guests ----

  createGuest(desc: GuestDesc): Guest {
    if (this.guestList.some((g) => g.name === desc.name)) throw new GuestDescError(desc.name, desc.path, 'a guest of that name exists');
    if (this.guestList.length >= this.maxGuests)
      throw new GuestDescError(desc.name, desc.path, `${this.maxGuests} guests exist already (CONFIG_MAX_GUEST_COUNT)`);
    const free = this.sched.maxThreads - this.sched.threads().length;
    if (desc.vcpus.length > free)
      throw new GuestDescError(desc.name, desc.path, `needs ${desc.vcpus.length} vcpus, ${free} left (CONFIG_MAX_VCPU_COUNT ${this.sched.maxThreads})`);
    const nsDefault = this.opts.nsPerInstruction ?? 1;
    if (!(nsDefault > 0)) throw new RangeError(`nsPerInstruction ${nsDefault} must be positive`);
    let g: Guest;
    try {
      g = new Guest(this, this.nextGuestId, desc, this.cpuModels, this.emulators, {
        nsPerInstruction: (m) => this.opts.nsPerInstructionByModel?.[m.name] ?? nsDefault,
        wfiTimeoutNs: (this.opts.wfiTimeoutMs ?? 100) * 1_000_000,
        counterHz: this.opts.counterHz ?? 62_500_000,
      });
    } catch (err) {
      this.vserials.removeGuest(desc.name);
      throw err;
    }
    const added: SchedThread[] = [];
    try {
      for (const v of g.vcpus) {
        this.sched.add(v);
        added.push(v);
      }
    } catch (err) {
      for (const v of added) this.sched.remove(v);
      g.clock.stopAll();
      g.devemu.remove();
      this.vserials.removeGuest(desc.name);
      throw err instanceof StateError ? new GuestDescError(desc.name, desc.path, err.message) : err;
    }
    this.nextGuestId++;
    this.guestList.push(g);
    this.logLine('info', g.name, 'Created');
    g.emit('created');
    return g;
  }

  destroyGuest(nameOrGuest: string | Guest): void {
    const g = typeof nameOrGuest === 'string' ? this.guest(nameOrGuest) : nameOrGuest;
    if (g === undefined) throw new StateError(String(nameOrGuest), 'destroy', 'UNKNOWN', `${String(nameOrGuest)}: cannot destroy: no such guest`);
    if (g.destroyed) throw new StateError(g.name, 'destroy', 'UNKNOWN', `${g.name}: cannot destroy: already destroyed`);
    for (const v of g.vcpus) if (v.state !== 'RESET') this.sched.reset(v);
    for (const v of g.vcpus) this.sched.remove(v);
    g.clock.stopAll();
    g.devemu.remove();
    this.vserials.removeGuest(g.name);
    g.destroyed = true;
    this.guestList.splice(this.guestList.indexOf(g), 1);
    this.logLine('info', g.name, 'Destroyed');
    g.emit('destroyed');
  }

  guests(): readonly Guest[] {
    return this.guestList;
  }

  guest(name: string): Guest | undefined {
    return this.guestList.find((g) => g.name === name);
  }

  /** Vcpu by name (`guest0/vcpu0`) or global id. */
  vcpu(nameOrId: string | number): Vcpu | undefined {
    for (const g of this.guestList) for (const v of g.vcpus) if (v.name === nameOrId || v.id === nameOrId) return v;
    return undefined;
  }

  /** Every vcpu and orphan thread (`vcpu list`). */
  vcpus(): VcpuInfo[] {
    return this.sched.threads().map((t) => this.info(t));
  }

  /** Orphan threads only (`thread list`, `vcpu orphan_list`). */
  threads(): VcpuInfo[] {
    return this.sched.threads().filter((t) => t.isOrphan).map((t) => this.info(t));
  }

  private info(t: SchedThread): VcpuInfo {
    const aff: number[] = [];
    for (let i = 0; i < this.sched.cpus.length; i++) if ((t.affinity >>> i) & 1) aff.push(i);
    return {
      id: t.id, name: t.name, hcpu: t.hcpu, priority: t.priority, state: t.state, threadState: threadStateOf(t.state),
      affinity: aff, orphan: t.isOrphan, guest: t instanceof Vcpu ? t.guest.name : undefined,
    };
  }

  /** Creates and starts a hypervisor thread. */
  createThread(name: string, body: (self: OrphanThread) => ThreadBody, opts: { priority?: number; affinity?: number } = {}): OrphanThread {
    const t = new OrphanThread({ name, ...opts }, body, (th, err) => this.logLine('error', th.name, `thread failed: ${errText(err)}`));
    this.sched.add(t);
    this.sched.kick(t);
    return t;
  }

  /**
   * Delivers console input at a virtual time (ARCHITECTURE.md "Determinism":
   * input stamped with virtual time replays identically).
   */
  inputAt(port: string, atNs: number, data: Uint8Array | string): void {
    const vs = this.vserials.get(port);
    if (vs === undefined) throw new Error(`vserial ${port} does not exist`);
    const ev = new TimerEvent(`input/${port}`, () => {
      const live = this.vserials.get(port);
      if (live !== undefined) live.input(data);
    }, 'vserial');
    this.sched.queue.start(ev, Math.max(atNs, this.nowNs()));
  }

  // ---- host services, shared memory ----

  registerService(kind: string, name: string, obj: unknown): void {
    const key = `${kind}/${name}`;
    if (this.services.has(key)) throw new Error(`service ${kind} "${name}" already registered`);
    this.services.set(key, obj);
  }

  service<T>(kind: string, name: string): T | undefined {
    return this.services.get(`${kind}/${name}`) as T | undefined;
  }

  /** RAM shared between guests under one key (shared_ram regions). */
  sharedRam(key: string, size: number, where: string): RamBacking {
    const b = this.shared.get(key);
    if (b === undefined) {
      const nb = new RamBacking(`shmem/${key}`, size);
      this.shared.set(key, nb);
      return nb;
    }
    if (b.size !== size) throw new Error(`${where}: shared memory ${key} is 0x${b.size.toString(16)} bytes, region asks 0x${size.toString(16)}`);
    return b;
  }

  // ---- introspection ----

  hostCpuStats(): ReturnType<Scheduler['cpuStats']> {
    return this.sched.cpuStats();
  }

  timers(): TimerInfo[] {
    return this.sched.queue.list();
  }

  timerStats(): TimerQueueStats {
    return { ...this.sched.queue.stats };
  }

  // ---- streams ----

  logLine(level: LogLevel, source: string, message: string): void {
    const line = { level, source, message, timeNs: this.sched.nowNs() };
    if (this.opts.log !== undefined) this.opts.log(line);
    this.logSubject.next(line);
  }

  emitGuestEvent(ev: GuestEvent): void {
    this.guestSubject.next(ev);
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
