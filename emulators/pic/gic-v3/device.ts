// GICv3 MMIO regions and the per-vcpu system-register CPU interface (ARM
// IHI 0069H, tables 12-25 to 12-29 and 12.2), over the guest's one GicV3
// (shared map key "gic-v3"). Compatibles: `arm,gic-v3,dist` (distributor,
// 64 KiB), `arm,gic-v3,redist` (one RD_base + SGI_base pair of 128 KiB per
// vcpu, in vcpu order), and `arm,gic-v3` for one window with both: the
// distributor at 0 and the redistributors at `redist_offset` (0xA0000, as
// QEMU's virt board places them at 0x080A0000 after 0x08000000), unless
// `gic_part` says "dist" or "redist". `num_irq` sizes the SPIs (default 288).
//
// The core gives each vcpu's CpuEnv.gicSysreg the object that
// sysregInterface(vcpu) returns; every ICC_*_EL1 access ends there.
// 64-bit registers (GICD_IROUTER, GICR_TYPER) are accessed as two words
// (the bus splits 8-byte accesses). With affinity routing always on, the
// distributor's SGI/PPI registers read as zero and ignore writes (12.9).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../../core/devemu/emulator.ts';
import { LogKind } from '../../../core/devemu/emulator.ts';
import { guestLocal } from '../../common/guest-local.ts';
import { checkVersion } from '../../common/state.ts';
import { registerSink, type IrqInputSink } from '../interrupt-sink.ts';
import {
  GICD_CTLR_ARE, GICD_CTLR_DS, GICR_WAKER_CHILDREN_ASLEEP, GICR_WAKER_PROCESSOR_SLEEP, Gicd, Gicr, ICC_CTLR_RO, IIDR_VALUE, Icc,
  MIN_BPR0, MIN_BPR1, PIDR2_GICV3, PRIORITY_MASK,
} from './regs.ts';
import { GicV3 } from './state.ts';

export const GIC_V3_LOCAL_KEY = 'gic-v3';

export function guestGicV3(ctx: EmulatorContext): GicV3 {
  return guestLocal(ctx, GIC_V3_LOCAL_KEY, () => {
    const n = ctx.attrU32('num_irq') ?? 288;
    if (n < 32 || n > 1020) throw new Error(`${ctx.nodePath}: num_irq ${n} outside 32..1020`);
    return new GicV3(n, ctx.vcpuCount, ctx.vcpuIrq);
  });
}

/** Shared by distributor (SPIs) and redistributor SGI frame (SGIs/PPIs of one CPU). */
function readBits(g: GicV3, blk: number, cpu: number, base: number): number {
  let v = 0;
  for (let b = 0; b < 32; b++) {
    const irq = base + b;
    if (irq >= g.numIrq) break;
    const i = g.idx(cpu, irq);
    let bit = false;
    switch (blk) {
      case Gicd.IGROUPR: bit = g.group[i] !== 0; break;
      case Gicd.ISENABLER: case Gicd.ICENABLER: bit = g.enabled[i] !== 0; break;
      case Gicd.ISPENDR: case Gicd.ICPENDR: bit = g.isPending(cpu, irq); break;
      case Gicd.ISACTIVER: case Gicd.ICACTIVER: bit = g.active[i] !== 0; break;
      case Gicd.IGRPMODR: bit = false; break;
    }
    if (bit) v |= 1 << b;
  }
  return v >>> 0;
}

function writeBits(g: GicV3, blk: number, cpu: number, base: number, value: number): void {
  for (let b = 0; b < 32; b++) {
    const irq = base + b;
    if (irq >= g.numIrq) break;
    const i = g.idx(cpu, irq);
    const bit = (value >>> b) & 1;
    switch (blk) {
      case Gicd.IGROUPR: g.group[i] = bit; break;
      case Gicd.ISENABLER: if (bit) g.enabled[i] = 1; break;
      case Gicd.ICENABLER: if (bit) g.enabled[i] = 0; break;
      case Gicd.ISPENDR: if (bit) g.pending[i] = 1; break;
      case Gicd.ICPENDR: if (bit) g.pending[i] = 0; break;
      case Gicd.ISACTIVER: if (bit) g.active[i] = 1; break;
      case Gicd.ICACTIVER: if (bit) g.active[i] = 0; break;
    }
  }
  g.updateAll();
}

function isBitBlock(off: number): boolean {
  return (off >= Gicd.IGROUPR && off < Gicd.ICACTIVER + 0x80) || (off >= Gicd.IGRPMODR && off < Gicd.IGRPMODR + 0x80);
}

class Gic3Regions {
  constructor(readonly g: GicV3, private readonly ctx: EmulatorContext) {}

  guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  distRead(off: number, size: AccessSize): number {
    const g = this.g;
    if (off >= Gicd.IPRIORITYR && off < Gicd.IPRIORITYR + 0x400) {
      let v = 0;
      for (let k = 0; k < size; k++) {
        const irq = off - Gicd.IPRIORITYR + k;
        if (irq >= 32 && irq < g.numIrq) v |= g.priority[g.idx(0, irq)]! << (8 * k);
      }
      return v >>> 0;
    }
    if (size !== 4) {
      this.guestError(`${size}-byte read of distributor offset 0x${off.toString(16)}`);
      return 0;
    }
    switch (off) {
      case Gicd.CTLR:
        return g.distCtlr | GICD_CTLR_ARE | GICD_CTLR_DS;
      case Gicd.TYPER:
        return ((g.numIrq / 32 - 1) | (9 << 19)) >>> 0; // IDbits = 9: 10-bit INTIDs
      case Gicd.IIDR:
        return IIDR_VALUE;
      case Gicd.TYPER2:
      case Gicd.STATUSR:
        return 0;
      case Gicd.PIDR2:
        return PIDR2_GICV3;
    }
    if (isBitBlock(off)) {
      const base = (off & 0x7f) * 8;
      return base < 32 ? 0 : readBits(g, off & ~0x7f, 0, base);
    }
    if (off >= Gicd.ICFGR && off < Gicd.ICFGR + 0x100) {
      const base = (off - Gicd.ICFGR) * 4;
      let v = 0;
      if (base >= 32) for (let k = 0; k < 16; k++) if (base + k < g.numIrq && g.edge[g.idx(0, base + k)]) v |= 2 << (2 * k);
      return v >>> 0;
    }
    if (off >= Gicd.IROUTER && off < Gicd.IROUTER + 8 * 1020) {
      const irq = (off - Gicd.IROUTER) >> 3;
      if (irq < 32 || irq >= g.numIrq) return 0;
      return off & 4 ? g.routeHi[irq]! : g.routeLo[irq]!;
    }
    if (off >= 0xffd0) return 0;
    this.guestError(`read of reserved distributor offset 0x${off.toString(16)}`);
    return 0;
  }

  distWrite(off: number, size: AccessSize, v: number): void {
    const g = this.g;
    if (off >= Gicd.IPRIORITYR && off < Gicd.IPRIORITYR + 0x400) {
      for (let k = 0; k < size; k++) {
        const irq = off - Gicd.IPRIORITYR + k;
        if (irq >= 32 && irq < g.numIrq) g.priority[g.idx(0, irq)] = (v >>> (8 * k)) & PRIORITY_MASK;
      }
      g.updateAll();
      return;
    }
    if (size !== 4) return void this.guestError(`${size}-byte write of distributor offset 0x${off.toString(16)}`);
    if (off === Gicd.CTLR) {
      g.distCtlr = v & 3;
      g.updateAll();
      return;
    }
    if (isBitBlock(off)) {
      const base = (off & 0x7f) * 8;
      if (base >= 32 && off < Gicd.IGRPMODR) writeBits(g, off & ~0x7f, 0, base, v);
      return;
    }
    if (off >= Gicd.ICFGR && off < Gicd.ICFGR + 0x100) {
      const base = (off - Gicd.ICFGR) * 4;
      if (base >= 32) for (let k = 0; k < 16; k++) if (base + k < g.numIrq) g.edge[g.idx(0, base + k)] = (v >>> (2 * k + 1)) & 1;
      g.updateAll();
      return;
    }
    if (off >= Gicd.IROUTER && off < Gicd.IROUTER + 8 * 1020) {
      const irq = (off - Gicd.IROUTER) >> 3;
      if (irq >= 32 && irq < g.numIrq) {
        if (off & 4) g.routeHi[irq] = v & 0xff;
        else g.routeLo[irq] = (v & 0x80ffffff) >>> 0;
        g.updateAll();
      }
      return;
    }
    this.guestError(`write 0x${(v >>> 0).toString(16)} to read-only or reserved distributor offset 0x${off.toString(16)}`);
  }

  redistRead(off: number, size: AccessSize): number {
    const g = this.g;
    const cpu = Math.floor(off / Gicr.FRAME_STRIDE);
    const o = off % Gicr.FRAME_STRIDE;
    if (cpu >= g.ncpu) return this.badRedist(off);
    if (o >= Gicr.SGI_BASE) return this.sgiRead(cpu, o - Gicr.SGI_BASE, size);
    if (size !== 4) return this.badRedist(off);
    switch (o) {
      case Gicr.CTLR:
      case Gicr.STATUSR:
        return 0;
      case Gicr.IIDR:
        return IIDR_VALUE;
      case Gicr.TYPER:
        // Processor_Number, Last.
        return ((cpu << 8) | (cpu === g.ncpu - 1 ? 1 << 4 : 0)) >>> 0;
      case Gicr.TYPER + 4:
        return ((cpu & 0xff) | ((cpu >> 8) << 8)) >>> 0; // Affinity_Value: Aff1.Aff0
      case Gicr.WAKER:
        return g.waker[cpu]!;
      case Gicr.PIDR2:
        return PIDR2_GICV3;
    }
    if (o >= 0xffd0) return 0;
    return this.badRedist(off);
  }

  private badRedist(off: number): number {
    this.guestError(`read of reserved redistributor offset 0x${off.toString(16)}`);
    return 0;
  }

  private sgiRead(cpu: number, o: number, size: AccessSize): number {
    const g = this.g;
    if (o >= Gicd.IPRIORITYR && o < Gicd.IPRIORITYR + 32) {
      let v = 0;
      for (let k = 0; k < size; k++) v |= g.priority[g.idx(cpu, o - Gicd.IPRIORITYR + k)]! << (8 * k);
      return v >>> 0;
    }
    if (size !== 4) return this.badRedist(o);
    if (o === Gicd.IGROUPR || o === Gicd.ISENABLER || o === Gicd.ICENABLER || o === Gicd.ISPENDR || o === Gicd.ICPENDR ||
        o === Gicd.ISACTIVER || o === Gicd.ICACTIVER || o === Gicd.IGRPMODR) {
      return readBits(g, o, cpu, 0);
    }
    if (o === Gicd.ICFGR || o === Gicd.ICFGR + 4) {
      const base = (o - Gicd.ICFGR) * 4;
      let v = 0;
      for (let k = 0; k < 16; k++) if (g.edge[g.idx(cpu, base + k)]) v |= 2 << (2 * k);
      return v >>> 0;
    }
    return this.badRedist(Gicr.SGI_BASE + o);
  }

  redistWrite(off: number, size: AccessSize, v: number): void {
    const g = this.g;
    const cpu = Math.floor(off / Gicr.FRAME_STRIDE);
    const o = off % Gicr.FRAME_STRIDE;
    if (cpu >= g.ncpu) return void this.guestError(`write beyond the last redistributor at 0x${off.toString(16)}`);
    if (o >= Gicr.SGI_BASE) return this.sgiWrite(cpu, o - Gicr.SGI_BASE, size, v);
    if (size === 4 && o === Gicr.WAKER) {
      // The CPU interface sleeps and wakes at once: ChildrenAsleep follows ProcessorSleep.
      g.waker[cpu] = v & GICR_WAKER_PROCESSOR_SLEEP ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
      return;
    }
    if (size === 4 && o === Gicr.CTLR) return;
    this.guestError(`write 0x${(v >>> 0).toString(16)} to read-only or reserved redistributor offset 0x${off.toString(16)}`);
  }

  private sgiWrite(cpu: number, o: number, size: AccessSize, v: number): void {
    const g = this.g;
    if (o >= Gicd.IPRIORITYR && o < Gicd.IPRIORITYR + 32) {
      for (let k = 0; k < size; k++) g.priority[g.idx(cpu, o - Gicd.IPRIORITYR + k)] = (v >>> (8 * k)) & PRIORITY_MASK;
      g.updateAll();
      return;
    }
    if (size === 4 && (o === Gicd.IGROUPR || o === Gicd.ISENABLER || o === Gicd.ICENABLER || o === Gicd.ISPENDR ||
        o === Gicd.ICPENDR || o === Gicd.ISACTIVER || o === Gicd.ICACTIVER)) {
      writeBits(g, o, cpu, 0, v);
      return;
    }
    if (size === 4 && o === Gicd.IGRPMODR) return; // one security state: RAZ/WI
    if (size === 4 && o === Gicd.ICFGR + 4) {
      for (let k = 0; k < 16; k++) g.edge[g.idx(cpu, 16 + k)] = (v >>> (2 * k + 1)) & 1;
      g.updateAll();
      return;
    }
    if (size === 4 && o === Gicd.ICFGR) return; // SGIs are always edge
    this.guestError(`write 0x${(v >>> 0).toString(16)} to reserved SGI frame offset 0x${o.toString(16)}`);
  }
}

/** The CpuEnv.gicSysreg of one vcpu: ICC_*_EL1. */
export class GicV3CpuInterface {
  lo = 0;
  hi = 0;
  constructor(private readonly g: GicV3, private readonly cpu: number, private readonly log: (msg: string) => void) {}

  read(op0: number, op1: number, crn: number, crm: number, op2: number): boolean {
    if (op0 !== 3 || op1 !== 0) return false;
    const g = this.g;
    const c = this.cpu;
    let v = 0;
    switch ((crn << 8) | (crm << 4) | op2) {
      case Icc.PMR: v = g.pmr[c]!; break;
      case Icc.IAR0: v = g.acknowledge(c, 0); break;
      case Icc.IAR1: v = g.acknowledge(c, 1); break;
      case Icc.HPPIR0: v = g.highestPending(c, 0); break;
      case Icc.HPPIR1: v = g.highestPending(c, 1); break;
      case Icc.BPR0: v = g.bpr0[c]!; break;
      case Icc.BPR1: v = g.bpr1[c]!; break;
      case Icc.RPR: v = g.runningPriority(c); break;
      case Icc.CTLR: v = g.iccCtlr[c]! | ICC_CTLR_RO; break;
      case Icc.SRE: v = 7; break; // SRE, DFB, DIB: system registers only
      case Icc.IGRPEN0: v = g.igrpen0[c]!; break;
      case Icc.IGRPEN1: v = g.igrpen1[c]!; break;
      case Icc.AP0R0: case Icc.AP1R0: v = 0; break;
      case Icc.EOIR0: case Icc.EOIR1: case Icc.DIR: case Icc.SGI0R: case Icc.SGI1R: case Icc.ASGI1R:
        this.log(`read of write-only ICC register (${crn},${crm},${op2})`);
        v = 0;
        break;
      default:
        return false;
    }
    this.lo = v >>> 0;
    this.hi = 0;
    return true;
  }

  write(op0: number, op1: number, crn: number, crm: number, op2: number, lo: number, hi: number): boolean {
    if (op0 !== 3 || op1 !== 0) return false;
    const g = this.g;
    const c = this.cpu;
    switch ((crn << 8) | (crm << 4) | op2) {
      case Icc.PMR: g.pmr[c] = lo & PRIORITY_MASK; break;
      case Icc.BPR0: g.bpr0[c] = Math.max(MIN_BPR0, lo & 7); break;
      case Icc.BPR1: g.bpr1[c] = Math.max(MIN_BPR1, lo & 7); break;
      case Icc.CTLR: g.iccCtlr[c] = lo & 3; break;
      case Icc.SRE: break; // SRE is fixed at 1
      case Icc.IGRPEN0: g.igrpen0[c] = lo & 1; break;
      case Icc.IGRPEN1: g.igrpen1[c] = lo & 1; break;
      case Icc.EOIR0: case Icc.EOIR1:
        if (!g.endOfInterrupt(c, lo)) this.log(`ICC_EOIR of interrupt ${lo & 0xffffff} that is not active`);
        return true;
      case Icc.DIR:
        if ((lo & 0xffffff) < 1020 && !g.deactivate(c, lo & 0xffffff)) this.log(`ICC_DIR of interrupt ${lo & 0xffffff} that is not active`);
        return true;
      case Icc.SGI0R: case Icc.SGI1R: case Icc.ASGI1R:
        g.generateSgi(c, lo >>> 0, hi >>> 0);
        return true;
      case Icc.AP0R0: case Icc.AP1R0: return true;
      case Icc.IAR0: case Icc.IAR1: case Icc.HPPIR0: case Icc.HPPIR1: case Icc.RPR:
        this.log(`write to read-only ICC register (${crn},${crm},${op2})`);
        return true;
      default:
        return false;
    }
    g.updateAll();
    return true;
  }
}

type Part = 'dist' | 'redist' | 'both';

export class GicV3Region implements EmuDevice, IrqInputSink {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  readonly gic: GicV3;
  private readonly regs: Gic3Regions;
  private readonly redistOffset: number;
  private readonly interfaces: GicV3CpuInterface[];

  constructor(private readonly ctx: EmulatorContext, private readonly part: Part) {
    this.gic = guestGicV3(ctx);
    this.regs = new Gic3Regions(this.gic, ctx);
    this.redistOffset = part === 'redist' ? 0 : part === 'dist' ? -1 : (ctx.attrU32('redist_offset') ?? 0xa0000);
    if (this.redistOffset >= 0 && ctx.size < this.redistOffset + ctx.vcpuCount * Gicr.FRAME_STRIDE) {
      throw new Error(`${ctx.nodePath}: 0x${ctx.size.toString(16)} bytes cannot hold ${ctx.vcpuCount} redistributors of 0x20000 at 0x${this.redistOffset.toString(16)}`);
    }
    this.interfaces = Array.from({ length: ctx.vcpuCount }, (_, c) =>
      new GicV3CpuInterface(this.gic, c, (m) => ctx.log.log(LogKind.GuestError, `${ctx.nodePath}: vcpu${c}: ${m}`)));
  }

  /** What the core puts in vcpu n's CpuEnv.gicSysreg. */
  sysregInterface(vcpu: number): GicV3CpuInterface {
    return this.interfaces[vcpu]!;
  }

  owns(irq: number): boolean {
    return irq >= 16 && irq < this.gic.numIrq;
  }

  setInput(irq: number, level: number, vcpu = 0): void {
    this.gic.setInput(irq, level, vcpu);
  }

  read(offset: number, size: AccessSize): number {
    if (this.part !== 'redist' && offset < 0x10000) return this.regs.distRead(offset, size);
    if (this.redistOffset >= 0 && offset >= this.redistOffset) return this.regs.redistRead(offset - this.redistOffset, size);
    this.regs.guestError(`read outside the GIC parts at 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (this.part !== 'redist' && offset < 0x10000) return this.regs.distWrite(offset, size, value >>> 0);
    if (this.redistOffset >= 0 && offset >= this.redistOffset) return this.regs.redistWrite(offset - this.redistOffset, size, value >>> 0);
    this.regs.guestError(`write outside the GIC parts at 0x${offset.toString(16)}`);
  }

  reset(): void {
    if (this.part !== 'redist') this.gic.reset();
  }

  save(): EmuState {
    return this.part !== 'redist' ? { version: 1, part: this.part, gic: this.gic.save() } : { version: 1, part: this.part };
  }

  restore(s: EmuState): void {
    checkVersion(s, 'gic-v3 region', 1);
    if (this.part !== 'redist') {
      if (typeof s.gic !== 'object' || s.gic === null) throw new Error(`${this.ctx.nodePath}: GIC state missing`);
      this.gic.restore(s.gic as EmuState);
    }
  }
}

export const gicV3Emulator: Emulator = {
  name: 'gic-v3',
  deviceType: 'pic',
  compatible: [
    { compatible: 'arm,gic-v3', data: 'both' },
    { compatible: 'arm,gic-v3,dist', data: 'dist' },
    { compatible: 'arm,gic-v3,redist', data: 'redist' },
  ],
  configSymbol: 'CONFIG_EMU_PIC_GICV3',
  cpuSysregs: true,
  probe(ctx: EmulatorContext, data: unknown): EmuDevice {
    let part = data as Part;
    const explicit = ctx.attrString('gic_part');
    if (part === 'both' && (explicit === 'dist' || explicit === 'redist')) part = explicit;
    const region = new GicV3Region(ctx, part);
    if (part !== 'redist') registerSink(ctx, region);
    return region;
  },
};
