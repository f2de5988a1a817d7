// A guest vcpu (Xvisor's normal vcpu): a scheduler thread that runs a CPU
// backend for a budget of instructions and turns its stops (WFI, HVC/SMC,
// halt) into manager actions. Named `<guest>/<vcpuN>`.

import { StopReason, type CpuBackend, type CpuEnv, type CpuModel } from '../../arch/arm/cpu/common/cpu-backend.ts';
import type { CpuSysregSlot } from '../devemu/sysreg-slot.ts';
import type { IrqLine, VcpuIrqInputs } from '../devemu/emulator.ts';
import type { VcpuDesc } from '../devtree/guest-desc.ts';
import type { HostCpu } from '../sched/host-cpu.ts';
import type { Scheduler } from '../sched/scheduler.ts';
import { SchedThread, SleepKind } from '../sched/thread.ts';
import type { Guest } from './guest.ts';

export interface VcpuStats {
  instructions: number;
  wfi: number;
  hvc: number;
  smc: number;
  /** Stops that needed the core (WFI, HVC, SMC, debug, halt). */
  traps: number;
  /** Log lines from the backend: guest mistakes and gaps in our model. */
  guestErrors: number;
  unimplemented: number;
}

class VcpuLine implements IrqLine {
  level = 0;
  constructor(
    private readonly vcpu: Vcpu,
    private readonly which: 0 | 1 | 2 | 3,
  ) {}
  set(level: number): void {
    const l = level ? 1 : 0;
    if (l === this.level) return;
    this.level = l;
    this.vcpu.inputChanged(this.which, l);
  }
}

const DEAD_LINE: IrqLine = { set: () => {} };

export class Vcpu extends SchedThread {
  readonly isOrphan = false;
  readonly backend: CpuBackend;
  readonly vstats: VcpuStats = { instructions: 0, wfi: 0, hvc: 0, smc: 0, traps: 0, guestErrors: 0, unimplemented: 0 };
  /** Interrupt inputs the guest's interrupt controller drives. */
  readonly irqInputs: VcpuIrqInputs & { readonly irq: VcpuLine; readonly fiq: VcpuLine; readonly virq: VcpuLine; readonly vfiq: VcpuLine };
  /** Entry and boot registers applied on every reset (start_pc, or what the loader set). */
  bootEntry: number;
  bootRegs: number[] = [];
  /** Why the vcpu was halted by the core (register dump included). */
  haltMessage = '';

  constructor(
    readonly guest: Guest,
    readonly index: number,
    readonly desc: VcpuDesc,
    readonly model: CpuModel,
    readonly nsPerInstruction: number,
    readonly wfiTimeoutNs: number,
    counterHz: number,
    gicSysreg?: CpuSysregSlot,
  ) {
    super({
      name: `${guest.name}/${desc.name}`,
      priority: desc.priority,
      timeSliceNs: desc.timeSliceNs,
      affinity: desc.affinity,
    });
    this.irqInputs = {
      irq: new VcpuLine(this, 0),
      fiq: new VcpuLine(this, 1),
      virq: new VcpuLine(this, 2),
      vfiq: new VcpuLine(this, 3),
    };
    const gt = model.hasGenericTimer;
    const line = (n: number | undefined, dflt: number) => (gt ? guest.irqs.line(n ?? dflt, index, `${desc.path}: timer `) : DEAD_LINE);
    const env: CpuEnv = {
      bus: guest.aspace,
      vcpuIndex: index,
      vcpuCount: guest.desc.vcpus.length,
      clock: guest.clock,
      timerIrq: {
        phys: line(desc.gentimerPhysIrq, 30),
        virt: line(desc.gentimerVirtIrq, 27),
        hyp: gt ? line(26, 26) : undefined,
        sec: gt ? line(29, 29) : undefined,
      },
      counterHz,
      gicSysreg,
      log: (kind, message) => {
        if (kind === 'guest') this.vstats.guestErrors++;
        else if (kind === 'unimp') this.vstats.unimplemented++;
        guest.hv.logLine(kind, this.name, message);
      },
    };
    this.backend = model.create(env);
    this.bootEntry = desc.startPc;
    this.backend.reset(this.bootEntry, this.bootRegs);
  }

  /** Sets the entry and boot registers used now and on every later reset (loader, PSCI CPU_ON). */
  setBoot(entry: number, regs: readonly number[]): void {
    this.bootEntry = entry;
    this.bootRegs = regs.slice();
    this.backend.reset(entry, this.bootRegs);
  }

  requestStop(): void {
    this.backend.requestStop();
  }

  onReset(): void {
    this.guest.aspace.monitor.clear(this.index);
    this.haltMessage = '';
    this.backend.reset(this.bootEntry, this.bootRegs);
  }

  /** An interrupt input changed: forward it and wake the vcpu from WFI on assertion. */
  inputChanged(which: 0 | 1 | 2 | 3, level: number): void {
    const b = this.backend;
    if (which === 0) b.setIrq(level);
    else if (which === 1) b.setFiq(level);
    else if (which === 2) b.setVirq?.(level);
    else b.setVfiq?.(level);
    if (level && this.state === 'PAUSED' && this.sleepKind === SleepKind.Wfi) this.guest.hv.sched.wake(this, true);
  }

  private anyInputHigh(): boolean {
    const i = this.irqInputs;
    return (i.irq.level | i.fiq.level | i.virq.level | i.vfiq.level) !== 0;
  }

  run(cpu: HostCpu, until: number, sched: Scheduler): void {
    const nsPer = this.nsPerInstruction;
    const budget = Math.max(1, Math.floor((until - cpu.clock) / nsPer));
    const b = this.backend;
    const r0 = b.instructionsRetired;
    sched.beginExec(b, cpu.clock, nsPer);
    let reason: StopReason;
    try {
      reason = b.run(budget);
    } catch (err) {
      sched.endExec();
      this.account(cpu, b.instructionsRetired - r0);
      this.guest.haltVcpuOnError(this, `CPU backend threw: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    sched.endExec();
    this.account(cpu, b.instructionsRetired - r0);
    if (reason === StopReason.Budget) return;
    this.vstats.traps++;
    switch (reason) {
      case StopReason.Wfi:
        this.vstats.wfi++;
        this.enterWfi(sched);
        return;
      case StopReason.Wfe:
        // No event register in the CpuBackend face: WFE yields the rest of the slice.
        sched.yieldCpu(this);
        return;
      case StopReason.Hvc:
        this.vstats.hvc++;
        this.guest.hypercall(this, false);
        return;
      case StopReason.Smc:
        this.vstats.smc++;
        this.guest.hypercall(this, true);
        return;
      case StopReason.Halted:
        this.guest.haltVcpuOnError(this, b.haltReason || 'CPU halted');
        return;
      case StopReason.Debug:
        this.guest.hv.logLine('info', this.name, 'debug stop');
        sched.pause(this);
        return;
    }
  }

  /** WFI: sleep until an interrupt input rises or the WFI timeout; a pending resume (race) skips it. */
  enterWfi(sched: Scheduler): void {
    if (this.anyInputHigh() || this.backend.interruptPending()) return;
    if (this.resumeRace) {
      this.resumeRace = false;
      return;
    }
    sched.sleep(this, this.wfiTimeoutNs, SleepKind.Wfi);
  }

  private account(cpu: HostCpu, retired: number): void {
    const d = retired > 0 ? retired : 0;
    cpu.clock += (d > 0 ? d : 1) * this.nsPerInstruction;
    this.vstats.instructions += d;
  }
}
