import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../../testing/fake-context.ts';
import { gicV2Emulator, GicRegion } from './device.ts';
import { Cpu, Dist, SPURIOUS } from './regs.ts';
import { LogKind } from '../../../core/devemu/emulator.ts';

const C = 0x10000; // CPU interface offset in the test window

function setup(vcpus = 1, numIrq = 96) {
  const dctx = new FakeContext({ nodeName: 'gicd', vcpuCount: vcpus, attrs: { num_irq: numIrq } });
  const cctx = new FakeContext({ nodeName: 'gicc', sibling: dctx });
  const dist = probeWith(gicV2Emulator, 'arm,vgic,dist', dctx) as GicRegion;
  const cpu = probeWith(gicV2Emulator, 'arm,vgic,cpu', cctx) as GicRegion;
  const rd = (off: number, v = 0) => (off >= C ? cpu.read(off - C, 4, v) : dist.read(off, 4, v));
  const wr = (off: number, val: number, v = 0) => (off >= C ? cpu.write(off - C, 4, val, v) : dist.write(off, 4, val, v));
  return { dctx, dist, cpu, rd, wr, out: dctx.vcpuIrq };
}

/** The distributor and CPU interface set-up of Linux's gic driver. */
function linuxInit(t: ReturnType<typeof setup>, vcpus = 1) {
  const { rd, wr } = t;
  const lines = ((rd(Dist.GICD_TYPER) & 0x1f) + 1) * 32;
  wr(Dist.GICD_CTLR, 0);
  for (let i = 32; i < lines; i += 16) wr(Dist.GICD_ICFGR + i / 4, 0);
  for (let i = 32; i < lines; i += 4) wr(Dist.GICD_ITARGETSR + i, 0x01010101);
  for (let i = 32; i < lines; i += 4) wr(Dist.GICD_IPRIORITYR + i, 0xa0a0a0a0);
  for (let i = 32; i < lines; i += 32) wr(Dist.GICD_ICENABLER + i / 8, 0xffffffff);
  wr(Dist.GICD_CTLR, 1);
  for (let v = 0; v < vcpus; v++) {
    wr(Dist.GICD_ICENABLER, 0xffff0000, v);
    wr(Dist.GICD_ISENABLER, 0x0000ffff, v);
    for (let i = 0; i < 32; i += 4) wr(Dist.GICD_IPRIORITYR + i, 0xa0a0a0a0, v);
    wr(C + Cpu.GICC_PMR, 0xf0, v);
    wr(C + Cpu.GICC_CTLR, 1, v);
  }
}

describe('GICv2', () => {
  it('reports its geometry and GIC-400 identification', () => {
    const t = setup(2, 160);
    expect(t.rd(Dist.GICD_TYPER)).toBe((1 << 5) | 4);
    expect(t.rd(Dist.GICD_IIDR)).toBe(0x0200143b);
    expect(t.rd(0xfe8) >> 4).toBe(2); // PIDR2 ArchRev: GICv2
    expect(t.rd(C + Cpu.GICC_IIDR)).toBe(0x0202143b);
    expect(t.rd(Dist.GICD_ITARGETSR, 1)).toBe(0x02020202);
  });

  it('delivers a level SPI: IAR, active, EOIR, re-pends while the line stays high', () => {
    const t = setup();
    linuxInit(t);
    t.wr(Dist.GICD_ISENABLER + 4, 1 << 1); // INTID 33
    t.dist.setInput(33, 1);
    expect(t.out[0]!.irq.level).toBe(1);
    expect(t.rd(C + Cpu.GICC_HPPIR)).toBe(33);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(33);
    expect(t.out[0]!.irq.level).toBe(0);
    expect(t.rd(C + Cpu.GICC_RPR)).toBe(0xa0);
    expect(t.rd(Dist.GICD_ISACTIVER + 4)).toBe(2);
    expect(t.rd(Dist.GICD_ISPENDR + 4)).toBe(2); // active and pending: the line is still high
    t.wr(C + Cpu.GICC_EOIR, 33);
    expect(t.out[0]!.irq.level).toBe(1);
    t.dist.setInput(33, 0);
    expect(t.out[0]!.irq.level).toBe(0);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(SPURIOUS);
    expect(t.rd(C + Cpu.GICC_RPR)).toBe(0xff);
  });

  it('latches edge interrupts and masks by PMR and the distributor enable', () => {
    const t = setup();
    linuxInit(t);
    t.wr(Dist.GICD_ICFGR + 8, 2 << 2); // INTID 33 edge
    t.wr(Dist.GICD_ISENABLER + 4, 2);
    t.dist.setInput(33, 1);
    t.dist.setInput(33, 0);
    expect(t.out[0]!.irq.level).toBe(1);
    t.wr(C + Cpu.GICC_PMR, 0xa0); // priority 0xa0 is not higher than the mask
    expect(t.out[0]!.irq.level).toBe(0);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(SPURIOUS);
    t.wr(C + Cpu.GICC_PMR, 0xf0);
    t.wr(Dist.GICD_CTLR, 0);
    expect(t.out[0]!.irq.level).toBe(0);
    t.wr(Dist.GICD_CTLR, 1);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(33);
    t.wr(C + Cpu.GICC_EOIR, 33);
    expect(t.out[0]!.irq.level).toBe(0);
    expect(t.rd(Dist.GICD_ISPENDR + 4)).toBe(0);
  });

  it('preempts only with a higher group priority and lets the lowest ID win ties', () => {
    const t = setup();
    linuxInit(t);
    t.wr(Dist.GICD_ISENABLER + 4, 0xe); // 33, 34, 35
    t.wr(Dist.GICD_IPRIORITYR + 32, 0x80a0a0a0); // 35 gets 0x80
    t.dist.setInput(34, 1);
    t.dist.setInput(33, 1);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(33);
    expect(t.out[0]!.irq.level).toBe(0); // 34 has the same priority: no preemption
    t.dist.setInput(35, 1);
    expect(t.out[0]!.irq.level).toBe(1);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(35);
    expect(t.rd(C + Cpu.GICC_RPR)).toBe(0x80);
    t.dist.setInput(35, 0);
    t.wr(C + Cpu.GICC_EOIR, 35);
    expect(t.rd(C + Cpu.GICC_RPR)).toBe(0xa0);
    t.dist.setInput(33, 0);
    t.wr(C + Cpu.GICC_EOIR, 33);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(34);
  });

  it('binary point 7 means no preemption at all', () => {
    const t = setup();
    linuxInit(t);
    t.wr(C + Cpu.GICC_BPR, 7);
    t.wr(Dist.GICD_ISENABLER + 4, 0x6);
    t.wr(Dist.GICD_IPRIORITYR + 32, 0x0000a000);
    t.dist.setInput(33, 1);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(33);
    t.dist.setInput(34, 1);
    expect(t.out[0]!.irq.level).toBe(0);
    expect(t.rd(C + Cpu.GICC_BPR)).toBe(7);
    t.wr(C + Cpu.GICC_BPR, 0);
    expect(t.rd(C + Cpu.GICC_BPR)).toBe(2); // the minimum for 5 priority bits
  });

  it('splits priority drop and deactivation with EOImodeS', () => {
    const t = setup();
    linuxInit(t);
    t.wr(C + Cpu.GICC_CTLR, 1 | (1 << 9));
    t.wr(Dist.GICD_ISENABLER + 4, 2);
    t.dist.setInput(33, 1);
    expect(t.rd(C + Cpu.GICC_IAR)).toBe(33);
    t.wr(C + Cpu.GICC_EOIR, 33);
    expect(t.rd(C + Cpu.GICC_RPR)).toBe(0xff);
    expect(t.rd(Dist.GICD_ISACTIVER + 4)).toBe(2);
    expect(t.out[0]!.irq.level).toBe(0); // still active
    t.wr(C + Cpu.GICC_DIR, 33);
    expect(t.rd(Dist.GICD_ISACTIVER + 4)).toBe(0);
    expect(t.out[0]!.irq.level).toBe(1);
  });

  it('sends SGIs between CPUs with the source in IAR, and banks PPIs', () => {
    const t = setup(2);
    linuxInit(t, 2);
    t.wr(Dist.GICD_SGIR, (1 << 17) | 5, 0); // to CPU 1, SGI 5, from CPU 0
    expect(t.out[1]!.irq.level).toBe(1);
    expect(t.out[0]!.irq.level).toBe(0);
    expect(t.rd(Dist.GICD_SPENDSGIR + 4, 1)).toBe(0x0100); // SGI 5 pending from CPU 0
    expect(t.rd(C + Cpu.GICC_IAR, 1)).toBe(5);
    t.wr(C + Cpu.GICC_EOIR, 5, 1);
    t.wr(Dist.GICD_SGIR, (1 << 24) | 2, 1); // all but self, from CPU 1
    expect(t.rd(C + Cpu.GICC_IAR, 0)).toBe(2 | (1 << 10));
    t.wr(C + Cpu.GICC_EOIR, 2 | (1 << 10), 0);
    // PPI 27 on CPU 1 only
    t.wr(Dist.GICD_ISENABLER, 1 << 27, 1);
    t.dist.setInput(27, 1, 1);
    expect(t.out[1]!.irq.level).toBe(1);
    expect(t.out[0]!.irq.level).toBe(0);
    expect(t.rd(Dist.GICD_ISPENDR, 0)).toBe(0);
    expect(t.rd(C + Cpu.GICC_IAR, 1)).toBe(27);
  });

  it('routes SPIs by ITARGETSR and signals group 0 as FIQ when FIQEn', () => {
    const t = setup(2);
    linuxInit(t, 2);
    t.wr(Dist.GICD_ITARGETSR + 40, 0x02); // INTID 40 to CPU 1
    t.wr(Dist.GICD_ISENABLER + 4, 1 << 8);
    t.dist.setInput(40, 1);
    expect(t.out[1]!.irq.level).toBe(1);
    expect(t.out[0]!.irq.level).toBe(0);
    t.wr(C + Cpu.GICC_CTLR, 1 | 8, 1);
    expect(t.out[1]!.irq.level).toBe(0);
    expect(t.out[1]!.fiq.level).toBe(1);
    t.wr(Dist.GICD_IGROUPR + 4, 1 << 8);
    t.wr(Dist.GICD_CTLR, 3);
    t.wr(C + Cpu.GICC_CTLR, 3 | 8, 1);
    expect(t.out[1]!.fiq.level).toBe(0);
    expect(t.out[1]!.irq.level).toBe(1);
  });

  it('serves both parts from one window at the RealView offsets', () => {
    const ctx = new FakeContext({ nodeName: 'gic', size: 0x2000 });
    const g = probeWith(gicV2Emulator, 'realview,gic', ctx) as GicRegion;
    g.write(0x1000, 4, 1);
    g.write(0x1000 + Dist.GICD_ISENABLER + 4, 4, 1);
    g.write(0x1000 + Dist.GICD_IPRIORITYR + 32, 4, 0x10);
    g.write(Cpu.GICC_PMR, 4, 0xff);
    g.write(Cpu.GICC_CTLR, 4, 1);
    g.setInput(32, 1);
    expect(ctx.vcpuIrq[0]!.irq.level).toBe(1);
    expect(g.read(Cpu.GICC_IAR, 4)).toBe(32);
  });

  it('logs wrong widths, reserved offsets and bad EOIs without crashing', () => {
    const t = setup();
    linuxInit(t);
    expect(t.dist.read(Dist.GICD_CTLR, 1)).toBe(0);
    t.dist.write(Dist.GICD_TYPER, 4, 0);
    expect(t.dist.read(0xe80 + 0x200, 4)).toBe(0);
    t.wr(C + Cpu.GICC_EOIR, 40);
    t.cpu.write(0x800, 4, 1);
    t.dist.setInput(5000, 1);
    const errs = t.dctx.log.guestErrors();
    expect(errs.length).toBe(5);
    expect(errs.join('\n')).toMatch(/GICD_TYPER/);
    expect(errs.join('\n')).toMatch(/interrupt 40 that is not active/);
    // byte access to priorities is architectural
    t.dist.write(Dist.GICD_IPRIORITYR + 33, 1, 0x47);
    expect(t.dist.read(Dist.GICD_IPRIORITYR + 33, 1, 0)).toBe(0x40);
    expect(t.dctx.log.count(LogKind.GuestError)).toBe(5);
  });

  it('rejects num_irq out of range and more than 8 vcpus', () => {
    expect(() => setup(1, 2000)).toThrow(/num_irq 2000/);
    expect(() => setup(9)).toThrow(/at most 8 vcpus/);
  });

  it('save/restore keeps pending, active and running priority', () => {
    const t = setup(2);
    linuxInit(t, 2);
    t.wr(Dist.GICD_ISENABLER + 4, 6);
    t.dist.setInput(33, 1);
    t.rd(C + Cpu.GICC_IAR);
    t.dist.setInput(34, 1);
    const st = JSON.parse(JSON.stringify(t.dist.save()));
    expect(t.cpu.save()).toEqual({ version: 1, part: 'cpu' });
    const u = setup(2);
    u.dist.restore(st);
    expect(u.dist.save()).toEqual(st);
    expect(u.rd(C + Cpu.GICC_RPR)).toBe(0xa0);
    u.wr(C + Cpu.GICC_EOIR, 33);
    expect(u.rd(C + Cpu.GICC_IAR)).toBe(33);
    expect(() => setup(1).dist.restore(st)).toThrow(/2 CPUs/);
  });
});
