// GICv2 MMIO regions (ARM IHI 0048B.b, tables 4-1 and 4-2): the distributor
// and the CPU interface of one guest's GIC. Xvisor's guest trees give them
// as two regions (`arm,vgic,dist` and `arm,vgic,cpu`) or as one window
// (`realview,gic`, `vexpress,gic`, `virt,gic`, `arm11mpcore,gic`, and the
// Linux names `arm,cortex-a15-gic`, `arm,cortex-a9-gic`, `arm,gic-400`).
// Both find the guest's one GicV2 through the per-guest map (guest-local.ts)
// under the key "gic", so probing order does not matter.
//
// A one-window node holds the CPU interface at attribute `cpu_offset`
// (default 0x0000, the RealView/MPCore order) and the distributor at
// `dist_offset` (default 0x1000); `gic_part = "dist"` or `"cpu"` makes it a
// single part instead. `num_irq` (default: the guest's 1020 cap or 96)
// sizes the distributor. Accesses carry the accessing vcpu as a third
// argument (GuestBus.mmioRead's `vcpu`): banked registers need it.
//
// `gic_part = "hyp"` makes the node the virtual interface control registers
// (GICH, banked by the accessing CPU) and `"vcpu"` the virtual CPU
// interface (GICV), for a guest that is itself a hypervisor (vif.ts).
// Not modelled: the Security Extensions, GICD_NSACR (reads zero).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext } from '../../../core/devemu/emulator.ts';
import { LogKind } from '../../../core/devemu/emulator.ts';
import { guestLocal } from '../../common/guest-local.ts';
import { registerSink, type IrqInputSink } from '../interrupt-sink.ts';
import { checkVersion } from '../../common/state.ts';
import {
  Cpu, DIST_ID_REGS, Dist, GICC_CTLR_MASK, GICC_IIDR_VALUE, GICD_IIDR_VALUE, MIN_BPR, PRIORITY_MASK, distRegName,
} from './regs.ts';
import { GicV2 } from './state.ts';
import { GicVirtIf } from './vif.ts';

export const GIC_LOCAL_KEY = 'gic';
const DEFAULT_NUM_IRQ = 96;

/** The guest's GIC, created by whichever region probes first. */
export function guestGic(ctx: EmulatorContext): GicV2 {
  return guestLocal(ctx, GIC_LOCAL_KEY, () => {
    const n = ctx.attrU32('num_irq') ?? DEFAULT_NUM_IRQ;
    if (n < 32 || n > 1020) throw new Error(`${ctx.nodePath}: num_irq ${n} outside 32..1020`);
    if (ctx.vcpuCount > 8) throw new Error(`${ctx.nodePath}: GICv2 serves at most 8 vcpus, guest has ${ctx.vcpuCount}`);
    return new GicV2(n, ctx.vcpuCount, ctx.vcpuIrq);
  });
}

export const GIC_VIF_LOCAL_KEY = 'gic-vif';

/** The guest's GICv2 virtual interface (GICH + GICV), created on first use. */
export function guestGicVif(ctx: EmulatorContext): GicVirtIf {
  return guestLocal(ctx, GIC_VIF_LOCAL_KEY, () => new GicVirtIf(guestGic(ctx), ctx.vcpuIrq));
}

/** The distributor's register file over a GicV2. */
export class GicDistributor {
  constructor(private readonly gic: GicV2, private readonly ctx: EmulatorContext) {}

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(off: number, size: AccessSize, cpu: number): number {
    const g = this.gic;
    if (off >= Dist.GICD_IPRIORITYR && off < Dist.GICD_IPRIORITYR + 0x400) return this.readBytes(off, size, cpu, 'prio');
    if (off >= Dist.GICD_ITARGETSR && off < Dist.GICD_ITARGETSR + 0x400) return this.readBytes(off, size, cpu, 'targets');
    if (off >= Dist.GICD_CPENDSGIR && off < Dist.GICD_SPENDSGIR + 0x10) return this.readBytes(off, size, cpu, 'sgi');
    if (size !== 4) {
      this.guestError(`${size}-byte read of ${distRegName(off)} (word access only)`);
      return 0;
    }
    if (off === Dist.GICD_CTLR) return g.distCtlr;
    if (off === Dist.GICD_TYPER) return ((g.ncpu - 1) << 5) | (g.numIrq / 32 - 1);
    if (off === Dist.GICD_IIDR) return GICD_IIDR_VALUE;
    if (off >= Dist.GICD_IGROUPR && off < Dist.GICD_ICACTIVER + 0x80) {
      const blk = off & ~0x7f;
      const base = (off - blk) * 8;
      let v = 0;
      for (let b = 0; b < 32; b++) {
        const irq = base + b;
        if (irq >= g.numIrq) break;
        if (this.getBit(blk, cpu, irq)) v |= 1 << b;
      }
      return v >>> 0;
    }
    if (off >= Dist.GICD_ICFGR && off < Dist.GICD_ICFGR + 0x100) {
      const base = (off - Dist.GICD_ICFGR) * 4;
      let v = 0;
      for (let k = 0; k < 16; k++) {
        const irq = base + k;
        if (irq < g.numIrq && g.edge[irq]) v |= 2 << (2 * k);
      }
      return v >>> 0;
    }
    if (off >= Dist.GICD_PPISR && off < Dist.GICD_PPISR + 0x80) {
      // GIC-400 PPI/SPI status: the raw input levels.
      const base = (off - Dist.GICD_PPISR) * 8;
      let v = 0;
      for (let b = 0; b < 32; b++) {
        const irq = base + b;
        if (irq >= 16 && irq < g.numIrq && g.level[g.idx(cpu, irq)]) v |= 1 << b;
      }
      return v >>> 0;
    }
    if (off >= Dist.GICD_NSACR && off < Dist.GICD_NSACR + 0x100) return 0;
    if (off === Dist.GICD_SGIR) {
      this.guestError('read of write-only GICD_SGIR');
      return 0;
    }
    if (off >= Dist.GICD_PIDR4 && off < 0x1000) return DIST_ID_REGS[(off - Dist.GICD_PIDR4) >> 2]!;
    this.guestError(`read of ${distRegName(off)}`);
    return 0;
  }

  write(off: number, size: AccessSize, value: number, cpu: number): void {
    const g = this.gic;
    if (off >= Dist.GICD_IPRIORITYR && off < Dist.GICD_IPRIORITYR + 0x400) return this.writeBytes(off, size, value, cpu, 'prio');
    if (off >= Dist.GICD_ITARGETSR && off < Dist.GICD_ITARGETSR + 0x400) return this.writeBytes(off, size, value, cpu, 'targets');
    if (off >= Dist.GICD_CPENDSGIR && off < Dist.GICD_SPENDSGIR + 0x10) return this.writeBytes(off, size, value, cpu, 'sgi');
    if (size !== 4) {
      this.guestError(`${size}-byte write of ${distRegName(off)} (word access only)`);
      return;
    }
    if (off === Dist.GICD_CTLR) {
      g.distCtlr = value & 3;
      g.updateAll();
      return;
    }
    if (off >= Dist.GICD_IGROUPR && off < Dist.GICD_ICACTIVER + 0x80) {
      const blk = off & ~0x7f;
      const base = (off - blk) * 8;
      for (let b = 0; b < 32; b++) {
        const irq = base + b;
        if (irq >= g.numIrq) break;
        this.putBit(blk, cpu, irq, (value >>> b) & 1);
      }
      g.updateAll();
      return;
    }
    if (off >= Dist.GICD_ICFGR && off < Dist.GICD_ICFGR + 0x100) {
      const base = (off - Dist.GICD_ICFGR) * 4;
      for (let k = 0; k < 16; k++) {
        const irq = base + k;
        // SGIs are fixed edge; the rest take Int_config[1].
        if (irq >= 16 && irq < g.numIrq) g.edge[irq] = (value >>> (2 * k + 1)) & 1;
      }
      g.updateAll();
      return;
    }
    if (off === Dist.GICD_SGIR) {
      g.sendSgi(cpu, value);
      return;
    }
    if (off >= Dist.GICD_NSACR && off < Dist.GICD_NSACR + 0x100) return;
    this.guestError(`write 0x${(value >>> 0).toString(16)} to read-only or reserved ${distRegName(off)}`);
  }

  /** One bit of a set/clear register block (IGROUPR..ICACTIVER) for (cpu, irq). */
  private getBit(blk: number, cpu: number, irq: number): boolean {
    const g = this.gic;
    const i = g.idx(cpu, irq);
    switch (blk) {
      case Dist.GICD_IGROUPR:
        return g.group[i] !== 0;
      case Dist.GICD_ISENABLER:
      case Dist.GICD_ICENABLER:
        return g.enabled[i] !== 0;
      case Dist.GICD_ISPENDR:
      case Dist.GICD_ICPENDR:
        return g.isPending(cpu, irq);
      default:
        return g.active[i] !== 0;
    }
  }

  /** Applies one written bit; for the set/clear registers only 1 bits act. */
  private putBit(blk: number, cpu: number, irq: number, bit: number): void {
    const g = this.gic;
    const i = g.idx(cpu, irq);
    switch (blk) {
      case Dist.GICD_IGROUPR:
        g.group[i] = bit;
        return;
      case Dist.GICD_ISENABLER:
        if (bit) g.enabled[i] = 1;
        return;
      case Dist.GICD_ICENABLER:
        if (bit && irq >= 16) g.enabled[i] = 0; // SGIs stay enabled
        return;
      case Dist.GICD_ISPENDR:
        if (bit && irq >= 16) g.pendingLatch[i] = 1; // SGIs pend through SPENDSGIR
        return;
      case Dist.GICD_ICPENDR:
        if (bit && irq >= 16) g.pendingLatch[i] = 0;
        return;
      case Dist.GICD_ISACTIVER:
        if (bit) g.active[i] = 1;
        return;
      case Dist.GICD_ICACTIVER:
        if (bit) g.active[i] = 0;
        return;
    }
  }

  private readBytes(off: number, size: AccessSize, cpu: number, kind: 'prio' | 'targets' | 'sgi'): number {
    let v = 0;
    for (let k = 0; k < size; k++) v |= this.readByte(off + k, cpu, kind) << (8 * k);
    return v >>> 0;
  }

  private readByte(off: number, cpu: number, kind: 'prio' | 'targets' | 'sgi'): number {
    const g = this.gic;
    if (kind === 'sgi') {
      const sgi = (off - Dist.GICD_CPENDSGIR) & 0xf;
      return g.sgiPending[cpu * 16 + sgi]!;
    }
    const irq = off - (kind === 'prio' ? Dist.GICD_IPRIORITYR : Dist.GICD_ITARGETSR);
    if (irq >= g.numIrq) return 0;
    if (kind === 'prio') return g.priority[g.idx(cpu, irq)]!;
    // SGI/PPI target bytes read as the reading CPU's own bit.
    if (irq < 32) return g.ncpu === 1 ? 0 : 1 << cpu;
    return g.targets[irq]!;
  }

  private writeBytes(off: number, size: AccessSize, value: number, cpu: number, kind: 'prio' | 'targets' | 'sgi'): void {
    const g = this.gic;
    for (let k = 0; k < size; k++) {
      const b = (value >>> (8 * k)) & 0xff;
      const o = off + k;
      if (kind === 'sgi') {
        const sgi = (o - Dist.GICD_CPENDSGIR) & 0xf;
        if (o < Dist.GICD_SPENDSGIR) g.sgiPending[cpu * 16 + sgi]! &= ~b;
        else g.sgiPending[cpu * 16 + sgi]! |= b & ((1 << g.ncpu) - 1);
        continue;
      }
      const irq = o - (kind === 'prio' ? Dist.GICD_IPRIORITYR : Dist.GICD_ITARGETSR);
      if (irq >= g.numIrq) continue;
      if (kind === 'prio') g.priority[g.idx(cpu, irq)] = b & PRIORITY_MASK;
      else if (irq >= 32) g.targets[irq] = b & ((1 << g.ncpu) - 1);
    }
    g.updateAll();
  }
}

/** The CPU interface's register file over a GicV2. */
export class GicCpuInterface {
  constructor(private readonly gic: GicV2, private readonly ctx: EmulatorContext) {}

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  read(off: number, size: AccessSize, cpu: number): number {
    const g = this.gic;
    if (size !== 4) {
      this.guestError(`${size}-byte read of CPU interface offset 0x${off.toString(16)} (word access only)`);
      return 0;
    }
    switch (off) {
      case Cpu.GICC_CTLR:
        return g.cpuCtlr[cpu]!;
      case Cpu.GICC_PMR:
        return g.pmr[cpu]!;
      case Cpu.GICC_BPR:
        return g.bpr[cpu]!;
      case Cpu.GICC_ABPR:
        return g.abpr[cpu]!;
      case Cpu.GICC_IAR:
      case Cpu.GICC_AIAR:
        return g.acknowledge(cpu);
      case Cpu.GICC_RPR:
        return g.runningPriority(cpu);
      case Cpu.GICC_HPPIR:
      case Cpu.GICC_AHPPIR: {
        const id = g.highestPending(cpu);
        return id < 16 ? id | (g.hppiSrc << 10) : id;
      }
      case Cpu.GICC_IIDR:
        return GICC_IIDR_VALUE;
      case Cpu.GICC_EOIR:
      case Cpu.GICC_AEOIR:
      case Cpu.GICC_DIR:
        this.guestError(`read of write-only ${off === Cpu.GICC_DIR ? 'GICC_DIR' : 'GICC_EOIR'}`);
        return 0;
    }
    if (off >= Cpu.GICC_APR0 && off < Cpu.GICC_IIDR) return 0;
    this.guestError(`read of reserved CPU interface offset 0x${off.toString(16)}`);
    return 0;
  }

  write(off: number, size: AccessSize, value: number, cpu: number): void {
    const g = this.gic;
    if (size !== 4) {
      this.guestError(`${size}-byte write of CPU interface offset 0x${off.toString(16)} (word access only)`);
      return;
    }
    switch (off) {
      case Cpu.GICC_CTLR:
        g.cpuCtlr[cpu] = value & GICC_CTLR_MASK;
        g.updateAll();
        return;
      case Cpu.GICC_PMR:
        g.pmr[cpu] = value & PRIORITY_MASK;
        g.updateAll();
        return;
      case Cpu.GICC_BPR:
        g.bpr[cpu] = Math.max(MIN_BPR, value & 7);
        g.updateAll();
        return;
      case Cpu.GICC_ABPR:
        g.abpr[cpu] = Math.max(MIN_BPR + 1, value & 7);
        g.updateAll();
        return;
      case Cpu.GICC_EOIR:
      case Cpu.GICC_AEOIR:
        if (!g.endOfInterrupt(cpu, value)) this.guestError(`GICC_EOIR of interrupt ${value & 0x3ff} that is not active`);
        return;
      case Cpu.GICC_DIR: {
        const id = value & 0x3ff;
        if (id < 1020 && !g.deactivate(cpu, id)) this.guestError(`GICC_DIR of interrupt ${id} that is not active`);
        return;
      }
      case Cpu.GICC_IAR:
      case Cpu.GICC_RPR:
      case Cpu.GICC_HPPIR:
      case Cpu.GICC_IIDR:
        this.guestError(`write to read-only CPU interface register at 0x${off.toString(16)}`);
        return;
    }
    if (off >= Cpu.GICC_APR0 && off < Cpu.GICC_IIDR) return;
    this.guestError(`write 0x${(value >>> 0).toString(16)} to reserved CPU interface offset 0x${off.toString(16)}`);
  }
}

type Part = 'dist' | 'cpu' | 'both' | 'hyp' | 'vcpu';

/** One MMIO region onto the guest's GIC: distributor, CPU interface, or both. */
export class GicRegion implements EmuDevice, IrqInputSink {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  readonly gic: GicV2;
  private readonly dist: GicDistributor;
  private readonly cpuIf: GicCpuInterface;
  private readonly distOffset: number;
  private readonly cpuOffset: number;
  /** The region that saves the shared state (the distributor, or a one-window GIC). */
  private readonly owner: boolean;

  private readonly vif: GicVirtIf | undefined;

  constructor(private readonly ctx: EmulatorContext, private readonly part: Part) {
    this.gic = guestGic(ctx);
    this.dist = new GicDistributor(this.gic, ctx);
    this.cpuIf = new GicCpuInterface(this.gic, ctx);
    const both = part === 'both';
    this.distOffset = part === 'dist' ? 0 : both ? (ctx.attrU32('dist_offset') ?? 0x1000) : -1;
    this.cpuOffset = part === 'cpu' ? 0 : both ? (ctx.attrU32('cpu_offset') ?? 0) : -1;
    this.owner = part === 'dist' || both;
    this.vif = part === 'hyp' || part === 'vcpu' ? guestGicVif(ctx) : undefined;
  }

  private vifRead(offset: number, size: AccessSize, vcpu: number): number {
    const v = this.vif!;
    if (size !== 4) {
      this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${size}-byte read at 0x${offset.toString(16)} (word access only)`);
      return 0;
    }
    if (this.part === 'hyp') {
      const r = v.hypRead(offset, vcpu);
      if (r >= 0) return r;
    } else {
      switch (offset) {
        case Cpu.GICC_CTLR: return v.ctlr(vcpu);
        case Cpu.GICC_PMR: return v.pmr(vcpu);
        case Cpu.GICC_BPR: return v.bpr(vcpu, false);
        case Cpu.GICC_ABPR: return v.bpr(vcpu, true);
        case Cpu.GICC_IAR: case Cpu.GICC_AIAR: return v.acknowledge(vcpu);
        case Cpu.GICC_RPR: return v.runningPriority(vcpu);
        case Cpu.GICC_HPPIR: case Cpu.GICC_AHPPIR: return v.hppir(vcpu);
        case Cpu.GICC_IIDR: return GICC_IIDR_VALUE;
      }
      if (offset >= Cpu.GICC_APR0 && offset < Cpu.GICC_IIDR) return 0;
    }
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: read of write-only or reserved offset 0x${offset.toString(16)}`);
    return 0;
  }

  private vifWrite(offset: number, size: AccessSize, value: number, vcpu: number): void {
    const v = this.vif!;
    if (size === 4) {
      if (this.part === 'hyp') {
        if (v.hypWrite(offset, value >>> 0, vcpu)) return;
      } else {
        switch (offset) {
          case Cpu.GICC_CTLR: return v.setCtlr(vcpu, value);
          case Cpu.GICC_PMR: return v.setPmr(vcpu, value & PRIORITY_MASK);
          case Cpu.GICC_BPR: return v.setBpr(vcpu, false, value);
          case Cpu.GICC_ABPR: return v.setBpr(vcpu, true, value);
          case Cpu.GICC_EOIR: case Cpu.GICC_AEOIR:
            if (!v.endOfInterrupt(vcpu, value)) this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: GICV_EOIR of ${value & 0x3ff} with no active list entry`);
            return;
          case Cpu.GICC_DIR:
            if (!v.deactivate(vcpu, value)) this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: GICV_DIR of ${value & 0x3ff} with no active list entry`);
            return;
        }
        if (offset >= Cpu.GICC_APR0 && offset < Cpu.GICC_IIDR) return;
      }
    }
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${size}-byte write of 0x${(value >>> 0).toString(16)} to read-only or reserved offset 0x${offset.toString(16)}`);
  }

  /** Non-CPU masters (-1) and stray indices see CPU 0's banked view. */
  private cpuOf(vcpu: number): number {
    return vcpu > 0 && vcpu < this.gic.ncpu ? vcpu : 0;
  }

  read(offset: number, size: AccessSize, vcpu = 0): number {
    vcpu = this.cpuOf(vcpu);
    if (this.vif) return this.vifRead(offset, size, vcpu);
    if (this.distOffset >= 0 && offset >= this.distOffset && offset < this.distOffset + 0x1000) {
      return this.dist.read(offset - this.distOffset, size, vcpu);
    }
    if (this.cpuOffset >= 0 && offset >= this.cpuOffset && offset < this.cpuOffset + 0x2000) {
      return this.cpuIf.read(offset - this.cpuOffset, size, vcpu);
    }
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: read outside the GIC parts at offset 0x${offset.toString(16)}`);
    return 0;
  }

  write(offset: number, size: AccessSize, value: number, vcpu = 0): void {
    vcpu = this.cpuOf(vcpu);
    if (this.vif) return this.vifWrite(offset, size, value, vcpu);
    if (this.distOffset >= 0 && offset >= this.distOffset && offset < this.distOffset + 0x1000) {
      this.dist.write(offset - this.distOffset, size, value, vcpu);
    } else if (this.cpuOffset >= 0 && offset >= this.cpuOffset && offset < this.cpuOffset + 0x2000) {
      this.cpuIf.write(offset - this.cpuOffset, size, value, vcpu);
    } else {
      this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: write outside the GIC parts at offset 0x${offset.toString(16)}`);
    }
  }

  owns(irq: number): boolean {
    return irq >= 16 && irq < this.gic.numIrq;
  }

  /** The interrupt sink of the guest: input lines end here. */
  setInput(irq: number, level: number, vcpu = 0): void {
    this.gic.setInput(irq, level, vcpu);
  }

  reset(): void {
    if (this.owner) this.gic.reset();
    if (this.part === 'hyp') this.vif!.reset();
  }

  save(): EmuState {
    if (this.part === 'hyp') return { version: 1, part: this.part, vif: this.vif!.save() };
    return this.owner ? { version: 1, part: this.part, gic: this.gic.save() } : { version: 1, part: this.part };
  }

  restore(s: EmuState): void {
    checkVersion(s, 'gic-v2 region', 1);
    if (this.part === 'hyp') {
      if (typeof s.vif !== 'object' || s.vif === null) throw new Error(`${this.ctx.nodePath}: virtual interface state missing`);
      this.vif!.restore(s.vif as EmuState);
    }
    if (this.owner) {
      const inner = s.gic;
      if (typeof inner !== 'object' || inner === null) throw new Error(`${this.ctx.nodePath}: GIC state missing`);
      this.gic.restore(inner as EmuState);
    }
  }
}

function gicEmulator(name: string, compat: readonly [string, Part][], symbol: string): Emulator {
  return {
    name,
    deviceType: 'pic',
    compatible: compat.map(([c, part]) => ({ compatible: c, data: part })),
    configSymbol: symbol,
    probe(ctx: EmulatorContext, data: unknown): EmuDevice {
      let part = data as Part;
      const explicit = ctx.attrString('gic_part');
      if (part === 'both' && (explicit === 'dist' || explicit === 'cpu' || explicit === 'hyp' || explicit === 'vcpu')) part = explicit;
      else if (part === 'both' && ctx.size <= 0x1000 && explicit === undefined) {
        throw new Error(`${ctx.nodePath}: a ${ctx.size}-byte GIC window cannot hold both parts; set gic_part = "dist" or "cpu"`);
      }
      const region = new GicRegion(ctx, part);
      if (part === 'dist' || part === 'both') registerSink(ctx, region);
      return region;
    },
  };
}

export const gicV2Emulator = gicEmulator(
  'gic-v2',
  [
    ['arm,vgic,dist', 'dist'], ['arm,vgic,cpu', 'cpu'],
    ['arm,cortex-a15-gic', 'both'], ['arm,cortex-a9-gic', 'both'], ['arm,gic-400', 'both'],
    ['realview,gic', 'both'], ['vexpress,gic', 'both'], ['virt,gic', 'both'], ['arm11mpcore,gic', 'both'],
  ],
  'CONFIG_EMU_PIC_GIC',
);
