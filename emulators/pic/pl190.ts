// ARM PrimeCell Vectored Interrupt Controller (PL190), per the PrimeCell VIC
// (PL190) Technical Reference Manual, ARM DDI 0181E, chapter 3 "Programmers
// Model" (register summary table 3-1) and 2.2 "Interrupt request logic".
//
// Connects: one MMIO window (0x1000); 32 input lines (guest irqs base_irq ..
// base_irq+31, base_irq 0 by default) arriving through setInput(); outputs
// nVICIRQ / nVICFIQ to vcpu 0's irq / fiq inputs. Vectored interrupts: 16
// slots with priority in slot order; reading VICVectAddr acknowledges the
// highest-priority request and masks equal and lower priority ones until
// VICVectAddr is written. Not modelled: the daisy-chain input VICVECTADDRIN
// and the AHB VICPROTECTION user/privileged distinction (kept, not enforced),
// the test registers (read zero).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { LogKind } from '../../core/devemu/emulator.ts';
import { isPrimeCellIdOffset, readPrimeCellId } from '../common/primecell-id.ts';
import { checkVersion, stateU32, stateU32Array } from '../common/state.ts';
import { registerSink, type IrqInputSink } from './interrupt-sink.ts';

export const enum Reg {
  VICIRQStatus = 0x000,
  VICFIQStatus = 0x004,
  VICRawIntr = 0x008,
  VICIntSelect = 0x00c,
  VICIntEnable = 0x010,
  VICIntEnClear = 0x014,
  VICSoftInt = 0x018,
  VICSoftIntClear = 0x01c,
  VICProtection = 0x020,
  VICVectAddr = 0x030,
  VICDefVectAddr = 0x034,
  VICVectAddr0 = 0x100,
  VICVectCntl0 = 0x200,
  VICITCR = 0x300,
}

export const VECTCNTL_ENABLE = 1 << 5;
const PERIPH_ID = [0x90, 0x11, 0x04, 0x00];
const NO_PRIORITY = 17; // nothing in service
const DEFAULT_LEVEL = 16; // the non-vectored (default) request in service
const STATE_VERSION = 1;

export class Pl190 implements EmuDevice, IrqInputSink {
  readonly accessSizes: readonly AccessSize[] = [4];
  readonly baseIrq: number;
  private raw = 0; // input levels
  private soft = 0;
  private select = 0;
  private enable = 0;
  private protection = 0;
  private defVectAddr = 0;
  private readonly vectAddr = new Uint32Array(16);
  private readonly vectCntl = new Uint32Array(16);
  /** Priority stack of acknowledged levels (slot numbers, or 16 for the default vector). */
  private readonly stack = new Int32Array(18);
  private depth = 0;
  private irqOut = -1;
  private fiqOut = -1;

  constructor(private readonly ctx: EmulatorContext, private readonly irqLine: IrqLine | undefined, private readonly fiqLine: IrqLine | undefined) {
    this.baseIrq = ctx.attrU32('base_irq') ?? 0;
    this.update();
  }

  owns(irq: number): boolean {
    return irq >= this.baseIrq && irq < this.baseIrq + 32;
  }

  setInput(irq: number, level: number): void {
    const n = irq - this.baseIrq;
    if (n < 0 || n > 31) return;
    if (level) this.raw |= 1 << n;
    else this.raw &= ~(1 << n);
    this.update();
  }

  private get rawIntr(): number {
    return (this.raw | this.soft) >>> 0;
  }

  private get irqStatus(): number {
    return (this.rawIntr & this.enable & ~this.select) >>> 0;
  }

  private get fiqStatus(): number {
    return (this.rawIntr & this.enable & this.select) >>> 0;
  }

  private get current(): number {
    return this.depth === 0 ? NO_PRIORITY : this.stack[this.depth - 1]!;
  }

  /** The sources that may raise nVICIRQ at the current priority. */
  private allowedMask(): number {
    const cur = this.current;
    if (cur === NO_PRIORITY) return 0xffffffff;
    let m = 0;
    for (let s = 0; s < Math.min(cur, 16); s++) {
      const c = this.vectCntl[s]!;
      if (c & VECTCNTL_ENABLE) m |= 1 << (c & 31);
    }
    return m >>> 0;
  }

  private update(): void {
    const irq = (this.irqStatus & this.allowedMask()) !== 0 ? 1 : 0;
    const fiq = this.fiqStatus !== 0 ? 1 : 0;
    if (irq !== this.irqOut) {
      this.irqOut = irq;
      this.irqLine?.set(irq);
    }
    if (fiq !== this.fiqOut) {
      this.fiqOut = fiq;
      this.fiqLine?.set(fiq);
    }
  }

  /** VICVectAddr read: acknowledge the highest priority request. */
  private acknowledge(): number {
    const status = this.irqStatus;
    const cur = this.current;
    for (let s = 0; s < Math.min(cur, 16); s++) {
      const c = this.vectCntl[s]!;
      if (c & VECTCNTL_ENABLE && status & (1 << (c & 31))) {
        this.push(s);
        return this.vectAddr[s]!;
      }
    }
    if (cur === NO_PRIORITY && status) this.push(DEFAULT_LEVEL);
    return this.defVectAddr;
  }

  private push(level: number): void {
    if (this.depth < this.stack.length) this.stack[this.depth++] = level;
    this.update();
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(offset: number, _size: AccessSize): number {
    switch (offset) {
      case Reg.VICIRQStatus:
        return this.irqStatus;
      case Reg.VICFIQStatus:
        return this.fiqStatus;
      case Reg.VICRawIntr:
        return this.rawIntr;
      case Reg.VICIntSelect:
        return this.select;
      case Reg.VICIntEnable:
        return this.enable;
      case Reg.VICSoftInt:
        return this.soft;
      case Reg.VICProtection:
        return this.protection;
      case Reg.VICVectAddr:
        return this.acknowledge();
      case Reg.VICDefVectAddr:
        return this.defVectAddr;
    }
    if (offset >= Reg.VICVectAddr0 && offset < Reg.VICVectAddr0 + 0x40) return this.vectAddr[(offset - Reg.VICVectAddr0) >> 2]!;
    if (offset >= Reg.VICVectCntl0 && offset < Reg.VICVectCntl0 + 0x40) return this.vectCntl[(offset - Reg.VICVectCntl0) >> 2]!;
    if (offset >= Reg.VICITCR && offset <= 0x310) return 0;
    if (isPrimeCellIdOffset(offset)) return readPrimeCellId(offset, PERIPH_ID);
    this.guestError(`read of ${offset === Reg.VICIntEnClear || offset === Reg.VICSoftIntClear ? 'write-only register' : 'reserved offset'} 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value >>> 0;
    switch (offset) {
      case Reg.VICIntSelect:
        this.select = v;
        break;
      case Reg.VICIntEnable:
        this.enable = (this.enable | v) >>> 0;
        break;
      case Reg.VICIntEnClear:
        this.enable = (this.enable & ~v) >>> 0;
        break;
      case Reg.VICSoftInt:
        this.soft = (this.soft | v) >>> 0;
        break;
      case Reg.VICSoftIntClear:
        this.soft = (this.soft & ~v) >>> 0;
        break;
      case Reg.VICProtection:
        this.protection = v & 1;
        return;
      case Reg.VICVectAddr:
        // Any write ends the service of the current priority level.
        if (this.depth > 0) this.depth--;
        break;
      case Reg.VICDefVectAddr:
        this.defVectAddr = v;
        return;
      default:
        if (offset >= Reg.VICVectAddr0 && offset < Reg.VICVectAddr0 + 0x40) {
          this.vectAddr[(offset - Reg.VICVectAddr0) >> 2] = v;
          return;
        }
        if (offset >= Reg.VICVectCntl0 && offset < Reg.VICVectCntl0 + 0x40) {
          this.vectCntl[(offset - Reg.VICVectCntl0) >> 2] = v & 0x3f;
          break;
        }
        if (offset >= Reg.VICITCR && offset <= 0x310) {
          this.ctx.log.log(LogKind.Unimplemented, `${this.ctx.nodePath}: test registers not modelled`);
          return;
        }
        this.guestError(`write 0x${v.toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
        return;
    }
    this.update();
  }

  reset(): void {
    this.soft = 0;
    this.select = 0;
    this.enable = 0;
    this.protection = 0;
    this.defVectAddr = 0;
    this.vectAddr.fill(0);
    this.vectCntl.fill(0);
    this.depth = 0;
    this.update();
  }

  save(): EmuState {
    return {
      version: STATE_VERSION, raw: this.raw >>> 0, soft: this.soft, select: this.select, enable: this.enable,
      protection: this.protection, defVectAddr: this.defVectAddr, vectAddr: [...this.vectAddr], vectCntl: [...this.vectCntl],
      stack: [...this.stack.subarray(0, this.depth)],
    };
  }

  restore(s: EmuState): void {
    const d = 'pl190';
    checkVersion(s, d, STATE_VERSION);
    const f = ['raw', 'soft', 'select', 'enable', 'protection', 'defVectAddr'].map((k) => stateU32(s, d, k));
    const va = stateU32Array(s, d, 'vectAddr', 16);
    const vc = stateU32Array(s, d, 'vectCntl', 16);
    const st = stateU32Array(s, d, 'stack');
    if (st.length > this.stack.length || st.some((x) => x > DEFAULT_LEVEL)) throw new Error(`${d}: bad priority stack in state`);
    [this.raw, this.soft, this.select, this.enable, this.protection, this.defVectAddr] = f as [number, number, number, number, number, number];
    this.vectAddr.set(va);
    this.vectCntl.set(vc);
    this.stack.set(st);
    this.depth = st.length;
    this.irqOut = -1;
    this.fiqOut = -1;
    this.update();
  }
}

export const pl190Emulator: Emulator = {
  name: 'pl190',
  deviceType: 'pic',
  compatible: [{ compatible: 'versatilepb,pl190' }, { compatible: 'arm,pl190' }],
  configSymbol: 'CONFIG_EMU_PIC_PL190',
  probe(ctx: EmulatorContext): EmuDevice {
    const cpu = ctx.vcpuIrq[0];
    const vic = new Pl190(ctx, cpu?.irq, cpu?.fiq);
    registerSink(ctx, vic);
    return vic;
  },
};
