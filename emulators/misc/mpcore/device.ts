// The private memory region of the ARM MPCore processors (`arm,a9mpcore`,
// `arm,arm11mpcore`): the snoop control unit, the interrupt controller's CPU
// interface and distributor, and the per-CPU private timer and watchdog
// (plus the A9's global timer), per the Cortex-A9 MPCore TRM, ARM DDI 0407G,
// 1.5 "Private memory region" (table 1-3) and chapter 2 "SCU" (table 2-1),
// and the ARM11 MPCore Processor TRM, ARM DDI 0360F, 9.1 (private region
// map) and chapter 9 SCU registers.
//
// Layout (offsets in the 8 KiB window):
//   A9:     0x0000 SCU, 0x0100 GIC CPU interface, 0x0200 global timer,
//           0x0600 private timer and watchdog, 0x1000 distributor.
//   ARM11:  0x0000 SCU, 0x0100 CPU interface (this CPU), 0x0200 + n×0x100
//           CPU interface of CPU n, 0x0600 timer/watchdog (this CPU),
//           0x0700 + n×0x100 timer/watchdog of CPU n, 0x1000 distributor.
// The GIC is the guest's one GicV2 (shared map key "gic"); the timers drive
// its PPIs: global timer 27, private timer 29, watchdog 30 (per CPU). A
// watchdog in watchdog mode that reaches zero requests a guest reset.
// PERIPHCLK is `periph_clock` Hz (100 MHz by default).
// Not modelled: SCU filtering (addresses kept), coherency (nothing to keep
// coherent here), power modes (kept).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../../core/devemu/emulator.ts';
import { LogKind } from '../../../core/devemu/emulator.ts';
import { checkVersion, stateU32Array } from '../../common/state.ts';
import { GicCpuInterface, GicDistributor, guestGic } from '../../pic/gic-v2/device.ts';
import { registerSink, type IrqInputSink } from '../../pic/interrupt-sink.ts';
import type { GicV2 } from '../../pic/gic-v2/state.ts';
import { CTRL_WD_MODE, DownCounter, GlobalTimer, TwdReg } from './timers.ts';

export const enum ScuReg {
  Control = 0x00,
  Config = 0x04,
  PowerStatus = 0x08,
  InvalidateAll = 0x0c,
  FilterStart = 0x40,
  FilterEnd = 0x44,
  SAC = 0x50,
  SNSAC = 0x54,
}

export const PPI_GLOBAL_TIMER = 27;
export const PPI_PRIVATE_TIMER = 29;
export const PPI_WATCHDOG = 30;
const WDOG_DISABLE_1 = 0x12345678;
const WDOG_DISABLE_2 = 0x87654321;

interface Variant {
  kind: 'a9' | 'arm11';
}

class PpiOut {
  constructor(private readonly gic: GicV2, private readonly irq: number, private readonly cpu: number) {}
  set(level: number): void {
    this.gic.setInput(this.irq, level, this.cpu);
  }
}

export class MpcorePrivate implements EmuDevice, IrqInputSink {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  readonly gic: GicV2;
  private readonly dist: GicDistributor;
  private readonly cpuIf: GicCpuInterface;
  private readonly timers: DownCounter[];
  private readonly wdogs: DownCounter[];
  private readonly wdogResetStatus: Uint8Array;
  private readonly wdogDisableStep: Uint8Array;
  private readonly global: GlobalTimer | undefined;
  private scuControl = 0;
  private scuPower = 0;
  private readonly scuRegs = new Uint32Array(4); // FilterStart, FilterEnd, SAC, SNSAC

  constructor(private readonly ctx: EmulatorContext, private readonly v: Variant) {
    const hz = ctx.attrU32('periph_clock') ?? 100_000_000;
    if (hz === 0) throw new Error(`${ctx.nodePath}: periph_clock must not be 0`);
    if (ctx.vcpuCount > 4) throw new Error(`${ctx.nodePath}: an MPCore has at most 4 CPUs, guest has ${ctx.vcpuCount}`);
    this.gic = guestGic(ctx);
    this.dist = new GicDistributor(this.gic, ctx);
    this.cpuIf = new GicCpuInterface(this.gic, ctx);
    const n = ctx.vcpuCount;
    this.wdogResetStatus = new Uint8Array(n);
    this.wdogDisableStep = new Uint8Array(n);
    this.timers = [];
    this.wdogs = [];
    for (let c = 0; c < n; c++) {
      this.timers.push(new DownCounter(ctx.clock, `${ctx.nodeName}.twd${c}`, hz, new PpiOut(this.gic, PPI_PRIVATE_TIMER, c), () => {}));
      this.wdogs.push(
        new DownCounter(ctx.clock, `${ctx.nodeName}.wdog${c}`, hz, new PpiOut(this.gic, PPI_WATCHDOG, c), (w) => {
          if (w.control & CTRL_WD_MODE) {
            this.wdogResetStatus[c] = 1;
            ctx.log.log(LogKind.Info, `${ctx.nodePath}: CPU ${c} watchdog expired, resetting the guest`);
            ctx.requestGuestReset();
          }
        }),
      );
    }
    this.global = v.kind === 'a9'
      ? new GlobalTimer(ctx.clock, hz, Array.from({ length: n }, (_, c) => new PpiOut(this.gic, PPI_GLOBAL_TIMER, c)))
      : undefined;
  }

  owns(irq: number): boolean {
    return irq >= 16 && irq < this.gic.numIrq;
  }

  setInput(irq: number, level: number, vcpu = 0): void {
    this.gic.setInput(irq, level, vcpu);
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(offset: number, size: AccessSize, vcpu = 0): number {
    vcpu = vcpu > 0 && vcpu < this.ctx.vcpuCount ? vcpu : 0;
    if (offset >= 0x1000 && offset < 0x2000) return this.dist.read(offset - 0x1000, size, vcpu);
    if (offset >= 0x100 && offset < 0x200) return this.cpuIf.read(offset - 0x100, size, vcpu);
    if (size !== 4) {
      this.guestError(`${size}-byte read at 0x${offset.toString(16)} (word access only)`);
      return 0;
    }
    if (offset < 0x100) return this.readScu(offset);
    if (this.v.kind === 'arm11' && offset >= 0x200 && offset < 0x600) {
      const c = (offset - 0x200) >> 8;
      return c < this.ctx.vcpuCount ? this.cpuIf.read(offset & 0xff, size, c) : this.bad(offset);
    }
    if (this.v.kind === 'a9' && offset >= 0x200 && offset < 0x300) {
      const r = this.global!.read(offset - 0x200, vcpu);
      return r >= 0 ? r : this.bad(offset);
    }
    if (offset >= 0x600 && offset < 0x700) return this.readTwd(offset - 0x600, vcpu);
    if (this.v.kind === 'arm11' && offset >= 0x700 && offset < 0xb00) {
      const c = (offset - 0x700) >> 8;
      return c < this.ctx.vcpuCount ? this.readTwd(offset & 0xff, c) : this.bad(offset);
    }
    return this.bad(offset);
  }

  private bad(offset: number): number {
    this.guestError(`read of reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, size: AccessSize, value: number, vcpu = 0): void {
    vcpu = vcpu > 0 && vcpu < this.ctx.vcpuCount ? vcpu : 0;
    if (offset >= 0x1000 && offset < 0x2000) return this.dist.write(offset - 0x1000, size, value, vcpu);
    if (offset >= 0x100 && offset < 0x200) return this.cpuIf.write(offset - 0x100, size, value, vcpu);
    if (size !== 4) {
      this.guestError(`${size}-byte write at 0x${offset.toString(16)} (word access only)`);
      return;
    }
    if (offset < 0x100 && this.writeScu(offset, value)) return;
    if (this.v.kind === 'arm11' && offset >= 0x200 && offset < 0x600) {
      const c = (offset - 0x200) >> 8;
      if (c < this.ctx.vcpuCount) return this.cpuIf.write(offset & 0xff, size, value, c);
    } else if (this.v.kind === 'a9' && offset >= 0x200 && offset < 0x300) {
      if (this.global!.write(offset - 0x200, value, vcpu)) return;
    } else if (offset >= 0x600 && offset < 0x700) {
      if (this.writeTwd(offset - 0x600, value, vcpu)) return;
    } else if (this.v.kind === 'arm11' && offset >= 0x700 && offset < 0xb00) {
      const c = (offset - 0x700) >> 8;
      if (c < this.ctx.vcpuCount && this.writeTwd(offset & 0xff, value, c)) return;
    }
    this.guestError(`write 0x${(value >>> 0).toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  private readScu(off: number): number {
    const n = this.ctx.vcpuCount;
    switch (off) {
      case ScuReg.Control:
        return this.scuControl;
      case ScuReg.Config:
        // CPU number, SMP bit per CPU, 64 KB tag RAMs (A9 table 2-3).
        return (n - 1) | ((((1 << n) - 1) << 4) >>> 0) | (this.v.kind === 'a9' ? 0x5555 << 8 & 0xff00 : 0);
      case ScuReg.PowerStatus:
        return this.scuPower;
      case ScuReg.FilterStart:
      case ScuReg.FilterEnd:
      case ScuReg.SAC:
      case ScuReg.SNSAC:
        return this.scuRegs[[ScuReg.FilterStart, ScuReg.FilterEnd, ScuReg.SAC, ScuReg.SNSAC].indexOf(off)]!;
    }
    return this.bad(off);
  }

  private writeScu(off: number, v: number): boolean {
    switch (off) {
      case ScuReg.Control:
        this.scuControl = v & 0x7f;
        return true;
      case ScuReg.PowerStatus:
        this.scuPower = v >>> 0;
        return true;
      case ScuReg.InvalidateAll:
        return true; // no tag RAMs to invalidate
      case ScuReg.FilterStart:
      case ScuReg.FilterEnd:
      case ScuReg.SAC:
      case ScuReg.SNSAC:
        this.scuRegs[[ScuReg.FilterStart, ScuReg.FilterEnd, ScuReg.SAC, ScuReg.SNSAC].indexOf(off)] = v >>> 0;
        return true;
    }
    return false;
  }

  private readTwd(off: number, c: number): number {
    const now = this.ctx.clock.nowNs();
    const t = this.timers[c]!;
    const w = this.wdogs[c]!;
    switch (off) {
      case TwdReg.TimerLoad:
        return t.load;
      case TwdReg.TimerCounter:
        return t.counter(now) >>> 0;
      case TwdReg.TimerControl:
        return t.control;
      case TwdReg.TimerIntStatus:
        return t.status;
      case TwdReg.WdogLoad:
        return w.load;
      case TwdReg.WdogCounter:
        return w.counter(now) >>> 0;
      case TwdReg.WdogControl:
        return w.control;
      case TwdReg.WdogIntStatus:
        return w.status;
      case TwdReg.WdogResetStatus:
        return this.wdogResetStatus[c]!;
    }
    return this.bad(0x600 + off);
  }

  private writeTwd(off: number, value: number, c: number): boolean {
    const now = this.ctx.clock.nowNs();
    const t = this.timers[c]!;
    const w = this.wdogs[c]!;
    const v = value >>> 0;
    switch (off) {
      case TwdReg.TimerLoad:
        t.load = v;
        t.setCounter(now, v);
        return true;
      case TwdReg.TimerCounter:
        t.setCounter(now, v);
        return true;
      case TwdReg.TimerControl:
        t.writeControl(now, v, 0xff07);
        return true;
      case TwdReg.TimerIntStatus:
        if (v & 1) t.status = 0;
        t.updateIrq();
        return true;
      case TwdReg.WdogLoad:
        w.load = v;
        w.setCounter(now, v);
        return true;
      case TwdReg.WdogCounter:
        // In watchdog mode the counter is written only through the load register.
        if (!(w.control & CTRL_WD_MODE)) w.setCounter(now, v);
        return true;
      case TwdReg.WdogControl: {
        // Watchdog mode, once set, is left only through the disable sequence.
        const keep = w.control & CTRL_WD_MODE;
        w.writeControl(now, v | keep, 0xff0f);
        return true;
      }
      case TwdReg.WdogIntStatus:
        if (v & 1) w.status = 0;
        w.updateIrq();
        return true;
      case TwdReg.WdogResetStatus:
        if (v & 1) this.wdogResetStatus[c] = 0;
        return true;
      case TwdReg.WdogDisable:
        if (v === WDOG_DISABLE_1) this.wdogDisableStep[c] = 1;
        else if (v === WDOG_DISABLE_2 && this.wdogDisableStep[c] === 1) {
          this.wdogDisableStep[c] = 0;
          w.writeControl(now, w.control & ~CTRL_WD_MODE, 0xff0f);
        } else this.wdogDisableStep[c] = 0;
        return true;
    }
    return false;
  }

  reset(): void {
    this.gic.reset();
    for (const t of this.timers) t.reset();
    for (const w of this.wdogs) w.reset();
    this.global?.reset();
    this.wdogDisableStep.fill(0);
    // Reset status survives the reset it caused (DDI 0407G 4.3.7), for the guest to see.
    this.scuControl = 0;
    this.scuPower = 0;
    this.scuRegs.fill(0);
  }

  save(): EmuState {
    return {
      version: 1,
      gic: this.gic.save(),
      timers: this.timers.map((t) => t.save()),
      wdogs: this.wdogs.map((w) => w.save()),
      global: this.global?.save() ?? null,
      wdogResetStatus: [...this.wdogResetStatus],
      scu: [this.scuControl, this.scuPower, ...this.scuRegs],
    };
  }

  restore(s: EmuState): void {
    const d = 'mpcore';
    checkVersion(s, d, 1);
    const n = this.ctx.vcpuCount;
    const counters = (k: string) => {
      const a = s[k];
      if (!Array.isArray(a) || a.length !== n || a.some((x) => !Array.isArray(x) || x.length !== 6 || x.some((y: unknown) => typeof y !== 'number'))) {
        throw new Error(`${d}: state field ${k} malformed`);
      }
      return a as number[][];
    };
    const timers = counters('timers');
    const wdogs = counters('wdogs');
    const rs = stateU32Array(s, d, 'wdogResetStatus', n);
    const scu = stateU32Array(s, d, 'scu', 6);
    if (typeof s.gic !== 'object' || s.gic === null) throw new Error(`${d}: GIC state missing`);
    this.gic.restore(s.gic as EmuState);
    timers.forEach((t, c) => this.timers[c]!.restore(t));
    wdogs.forEach((w, c) => this.wdogs[c]!.restore(w));
    if (this.global && s.global) this.global.restore(s.global as Parameters<GlobalTimer['restore']>[0]);
    this.wdogResetStatus.set(rs);
    [this.scuControl, this.scuPower] = [scu[0]!, scu[1]!];
    this.scuRegs.set(scu.slice(2));
  }
}

export const mpcoreEmulator: Emulator = {
  name: 'mpcore-private',
  deviceType: 'misc',
  compatible: [
    { compatible: 'arm,a9mpcore', data: { kind: 'a9' } },
    { compatible: 'arm,arm11mpcore', data: { kind: 'arm11' } },
  ],
  configSymbol: 'CONFIG_EMU_MISC_MPCORE',
  probe(ctx: EmulatorContext, data: unknown): EmuDevice {
    const dev = new MpcorePrivate(ctx, data as Variant);
    registerSink(ctx, dev);
    return dev;
  },
};
