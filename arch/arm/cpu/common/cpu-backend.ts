// The narrow face every CPU backend shows the core (TinyEMU's shape): run a
// budget of instructions, take interrupt inputs, report why it stopped, and
// expose registers for dumps and gdb. See shared/design/ARCHITECTURE.md.

import type { GuestBus } from '../../../../core/aspace/guest-bus.ts';
import type { EmuClock, IrqLine } from '../../../../core/devemu/emulator.ts';

export const enum StopReason {
  /** The budget ran out (or the core asked for a stop via requestStop). */
  Budget = 0,
  /** WFI with nothing pending: the vcpu may sleep until an interrupt. */
  Wfi = 1,
  /** WFE with no event pending. */
  Wfe = 2,
  /** HVC executed: the core handles it (PSCI) and then calls completeHypercall. */
  Hvc = 3,
  /** SMC executed and routed to the hypervisor (PSCI over SMC). */
  Smc = 4,
  /** The vcpu cannot go on (e.g. exception loop with no vectors); see haltReason. */
  Halted = 5,
  /** A breakpoint / single step for the gdb stub. */
  Debug = 6,
}

/** What the core provides to a CPU backend instance (one per vcpu). */
export interface CpuEnv {
  readonly bus: GuestBus;
  /** Index of this vcpu in its guest (MPIDR affinity, banked devices). */
  readonly vcpuIndex: number;
  readonly vcpuCount: number;
  /**
   * Virtual time. The CPU's own retired instructions advance it: the core
   * reads instructionsRetired while a run is in progress, so the CPU keeps
   * that count exact whenever it calls out (MMIO, sysregs, timers).
   */
  readonly clock: EmuClock;
  /** Generic timer outputs (PPIs 30 physical NS, 27 virtual, 26 hyp, 29 secure). */
  readonly timerIrq: { readonly phys: IrqLine; readonly virt: IrqLine; readonly hyp?: IrqLine; readonly sec?: IrqLine };
  /** Generic timer counter frequency in Hz (CNTFRQ). */
  readonly counterHz: number;
  /**
   * Optional system-register CPU interface of a GICv3 (ICC_*_EL1). Returns
   * true when it handled the access; for reads the value is in lo/hi.
   */
  readonly gicSysreg?: {
    read(op0: number, op1: number, crn: number, crm: number, op2: number): boolean;
    write(op0: number, op1: number, crn: number, crm: number, op2: number, lo: number, hi: number): boolean;
    lo: number;
    hi: number;
  };
  /** Logs a guest error or a gap in our model (counted per vcpu). */
  log(kind: 'guest' | 'unimp' | 'info', message: string): void;
}

export interface CpuBackend {
  /** Model name, e.g. "cortex-a57", "arm926ej-s". */
  readonly model: string;
  /** Resets architectural state and sets the PC; bootRegs are r0..r3 / x0..x3. */
  reset(entry: number, bootRegs?: readonly number[]): void;
  /** Executes up to budget instructions; returns why it stopped. */
  run(budget: number): StopReason;
  /** Asks a run in progress to stop at the next instruction boundary. */
  requestStop(): void;
  /** Total instructions retired since reset (exact whenever the CPU calls out). */
  readonly instructionsRetired: number;
  /** Interrupt inputs, level-sensitive. */
  setIrq(level: number): void;
  setFiq(level: number): void;
  setVirq?(level: number): void;
  setVfiq?(level: number): void;
  /** True when an unmasked interrupt would be taken now (wakes WFI). */
  interruptPending(): boolean;
  /** After Hvc/Smc: the function id and arguments (x0..x3 / r0..r3). */
  hypercallArg(n: number): number;
  /** High half of hypercall argument n (AArch64); 0 for AArch32. */
  hypercallArgHi(n: number): number;
  /** Sets x0..x3/r0..r3 results and resumes after the HVC/SMC. */
  completeHypercall(results: readonly number[]): void;
  /** Why the CPU halted, for the register dump. */
  readonly haltReason: string;
  /** Drops decoded-instruction caches and the TLB. */
  flushCaches(): void;
  /** Register access by gdb register number (64-bit values as [lo, hi]). */
  readonly gdbRegisterCount: number;
  readGdbRegister(n: number): [number, number];
  writeGdbRegister(n: number, lo: number, hi: number): void;
  /** Human-readable register dump (vcpu dumpreg). */
  dumpRegisters(): string;
  /** Whole architectural state as a versioned plain object, and back. */
  save(): { version: number; [k: string]: unknown };
  restore(state: { version: number; [k: string]: unknown }): void;
}

/**
 * A CPU model a vcpu's `compatible` selects (shared/design/XVISOR.md lists
 * the strings). Each backend exports a list of these from its models.ts;
 * the core picks one by the vcpu node's compatible.
 */
export interface CpuModel {
  /** vcpu compatible strings served, e.g. ["armv8,generic"], ["armv7a,cortex-a15"]. */
  readonly compatible: readonly string[];
  readonly name: string;
  /** Guest instruction set family: selects ELF machine checks and boot protocol. */
  readonly arch: 'arm32' | 'arm64';
  /** Whether the model has the generic timer and the virtualization extensions. */
  readonly hasGenericTimer: boolean;
  /** Config symbol that builds this model (e.g. CONFIG_CPU_ARMV8). */
  readonly configSymbol: string;
  create(env: CpuEnv): CpuBackend;
}
