// The ARMv7 generic timer as seen from PL1/PL0 (ARM DDI 0406C.d B8): the
// physical and virtual counters (CNTPCT/CNTVCT, with CNTVOFF = 0 since the
// hypervisor is the core, not a guest-visible Hyp mode), the physical and
// virtual timers (CTL/CVAL/TVAL) and CNTKCTL. The count is derived from
// virtual time (env.clock.nowNs), which the CPU keeps exact by counting
// retired instructions. Each timer's output is a level on its PPI line,
// recomputed in update() whenever state or time changes.

import type { EmuClock, EmuTimer, IrqLine } from '../../../../core/devemu/emulator.ts';

const CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4;

class TimerChannel {
  ctl = 0;
  cval = 0;
  private level = 0;
  private readonly event: EmuTimer;

  constructor(private readonly owner: GenericTimer, name: string, private readonly line: IrqLine) {
    this.event = owner.clock.createTimer(name, () => this.update());
  }

  readCtl(): number {
    return (this.ctl & (CTL_ENABLE | CTL_IMASK)) | (this.fired() ? CTL_ISTATUS : 0);
  }

  private fired(): boolean {
    return (this.ctl & CTL_ENABLE) !== 0 && this.owner.count() >= this.cval;
  }

  update(): void {
    const fired = this.fired();
    const level = fired && (this.ctl & CTL_IMASK) === 0 ? 1 : 0;
    if (level !== this.level) { this.level = level; this.line.set(level); }
    if ((this.ctl & CTL_ENABLE) !== 0 && !fired) {
      // Float rounding must never schedule an event that fires before the count is reached.
      const now = this.owner.clock.nowNs();
      const at = this.owner.nsOfCount(this.cval);
      this.event.startAt(at > now ? at : now + 1);
    }
    else this.event.stop();
  }

  readTval(): number { return (this.cval - this.owner.count()) | 0; }
  writeTval(v: number): void { this.cval = this.owner.count() + (v | 0); this.update(); }
  writeCtl(v: number): void { this.ctl = v & (CTL_ENABLE | CTL_IMASK); this.update(); }
  writeCval(lo: number, hi: number): void { this.cval = (hi >>> 0) * 4294967296 + (lo >>> 0); this.update(); }
}

export class GenericTimer {
  cntkctl = 0;
  readonly phys: TimerChannel;
  readonly virt: TimerChannel;

  constructor(readonly clock: EmuClock, readonly hz: number, physLine: IrqLine, virtLine: IrqLine, name: string) {
    this.phys = new TimerChannel(this, `${name}/cntp`, physLine);
    this.virt = new TimerChannel(this, `${name}/cntv`, virtLine);
  }

  /** Counter value now (CNTPCT = CNTVCT here). */
  count(): number {
    return Math.floor((this.clock.nowNs() * this.hz) / 1e9);
  }

  /** The first virtual nanosecond at which the counter reaches c. */
  nsOfCount(c: number): number {
    return Math.ceil((c * 1e9) / this.hz);
  }

  reset(): void {
    this.cntkctl = 0;
    this.phys.ctl = 0; this.phys.cval = 0; this.phys.update();
    this.virt.ctl = 0; this.virt.cval = 0; this.virt.update();
  }

  save(): Record<string, number> {
    return { cntkctl: this.cntkctl, pctl: this.phys.ctl, pcval: this.phys.cval, vctl: this.virt.ctl, vcval: this.virt.cval };
  }

  restore(s: Record<string, unknown>): void {
    const num = (k: string): number => {
      const v = s[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`generic timer state: field ${k} is not a number`);
      return v;
    };
    this.cntkctl = num('cntkctl');
    this.phys.ctl = num('pctl'); this.phys.cval = num('pcval');
    this.virt.ctl = num('vctl'); this.virt.cval = num('vcval');
    this.phys.update(); this.virt.update();
  }
}
