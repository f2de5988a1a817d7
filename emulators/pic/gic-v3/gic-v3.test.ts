import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../../testing/fake-context.ts';
import { gicV3Emulator, GicV3Region } from './device.ts';
import { Gicd, Gicr } from './regs.ts';

const R = 0xa0000; // redistributors in the one-window layout

function setup(vcpus = 2) {
  const ctx = new FakeContext({ nodeName: 'gic', vcpuCount: vcpus, size: R + vcpus * 0x20000, attrs: { num_irq: 96 } });
  const gic = probeWith(gicV3Emulator, 'arm,gic-v3', ctx) as GicV3Region;
  const rd = (o: number) => gic.read(o, 4) >>> 0;
  const wr = (o: number, v: number) => gic.write(o, 4, v);
  const icc = (c: number) => gic.sysregInterface(c);
  const sysR = (c: number, crn: number, crm: number, op2: number) => (icc(c).read(3, 0, crn, crm, op2), icc(c).lo);
  const sysW = (c: number, crn: number, crm: number, op2: number, lo: number, hi = 0) => icc(c).write(3, 0, crn, crm, op2, lo, hi);
  return { ctx, gic, rd, wr, sysR, sysW };
}

type T = ReturnType<typeof setup>;
const IAR1 = [12, 12, 0] as const;
const EOIR1 = [12, 12, 1] as const;

/** Linux's gic-v3 driver bring-up, as far as registers go. */
function linuxInit(t: T, vcpus: number) {
  t.wr(Gicd.CTLR, 0);
  for (let i = 32; i < 96; i += 32) {
    t.wr(Gicd.IGROUPR + i / 8, 0xffffffff);
    t.wr(Gicd.ICENABLER + i / 8, 0xffffffff);
  }
  for (let i = 32; i < 96; i += 4) t.wr(Gicd.IPRIORITYR + i, 0xa0a0a0a0);
  t.wr(Gicd.CTLR, 0x13);
  for (let i = 32; i < 96; i++) {
    t.wr(Gicd.IROUTER + 8 * i, 0);
    t.wr(Gicd.IROUTER + 8 * i + 4, 0);
  }
  for (let c = 0; c < vcpus; c++) {
    const rdb = R + c * Gicr.FRAME_STRIDE;
    t.wr(rdb + Gicr.WAKER, t.rd(rdb + Gicr.WAKER) & ~2);
    expect(t.rd(rdb + Gicr.WAKER) & 4).toBe(0);
    const sgi = rdb + Gicr.SGI_BASE;
    t.wr(sgi + Gicd.IGROUPR, 0xffffffff);
    t.wr(sgi + Gicd.ICENABLER, 0xffff0000);
    t.wr(sgi + Gicd.ISENABLER, 0x0000ffff);
    for (let i = 0; i < 32; i += 4) t.wr(sgi + Gicd.IPRIORITYR + i, 0xa0a0a0a0);
    t.sysW(c, 12, 12, 5, 1); // SRE
    t.sysW(c, 4, 6, 0, 0xf0); // PMR
    t.sysW(c, 12, 12, 3, 0); // BPR1
    t.sysW(c, 12, 12, 7, 1); // IGRPEN1
  }
}

describe('GICv3', () => {
  it('identifies as GICv3 with affinity routing and describes each redistributor', () => {
    const t = setup(2);
    expect(t.rd(Gicd.PIDR2) >> 4).toBe(3);
    expect(t.rd(Gicd.TYPER) & 0x1f).toBe(2);
    expect(t.rd(Gicd.CTLR) & 0x50).toBe(0x50);
    expect(t.rd(R + Gicr.TYPER) & 0x10).toBe(0);
    expect(t.rd(R + Gicr.FRAME_STRIDE + Gicr.TYPER)).toBe((1 << 8) | 0x10);
    expect(t.rd(R + Gicr.FRAME_STRIDE + Gicr.TYPER + 4)).toBe(1);
    expect(t.rd(R + Gicr.PIDR2)).toBe(0x3b);
    expect(t.sysR(0, 12, 12, 4) >> 8 & 7).toBe(4); // PRIbits: 5 bits
  });

  it('routes an SPI by GICD_IROUTER and acknowledges it through ICC_IAR1_EL1', () => {
    const t = setup(2);
    linuxInit(t, 2);
    t.wr(Gicd.ISENABLER + 4, 2); // INTID 33
    t.gic.setInput(33, 1);
    expect(t.ctx.vcpuIrq[0]!.irq.level).toBe(1);
    t.wr(Gicd.IROUTER + 8 * 33, 1); // to Aff0 = 1
    expect(t.ctx.vcpuIrq[0]!.irq.level).toBe(0);
    expect(t.ctx.vcpuIrq[1]!.irq.level).toBe(1);
    expect(t.sysR(1, ...IAR1)).toBe(33);
    expect(t.sysR(1, 12, 11, 3)).toBe(0xa0); // RPR
    t.gic.setInput(33, 0);
    t.sysW(1, ...EOIR1, 33);
    expect(t.sysR(1, 12, 11, 3)).toBe(0xff);
    expect(t.sysR(1, ...IAR1)).toBe(1023);
  });

  it('sends SGIs with target lists and range selectors, to 10 vcpus', () => {
    const t = setup(10);
    linuxInit(t, 10);
    t.sysW(0, 12, 11, 5, (3 << 24) | (1 << 9)); // SGI 3 to Aff0 9
    expect(t.ctx.vcpuIrq[9]!.irq.level).toBe(1);
    expect(t.ctx.vcpuIrq[1]!.irq.level).toBe(0);
    expect(t.sysR(9, ...IAR1)).toBe(3);
    t.sysW(9, ...EOIR1, 3);
    t.sysW(4, 12, 11, 5, 5 << 24, 1 << 8); // IRM: everyone else
    for (let c = 0; c < 10; c++) expect(t.ctx.vcpuIrq[c]!.irq.level).toBe(c === 4 ? 0 : 1);
  });

  it('banks PPIs per redistributor (timer PPI 27) and keeps group 0 on FIQ / IAR0', () => {
    const t = setup(2);
    linuxInit(t, 2);
    t.wr(R + Gicr.FRAME_STRIDE + Gicr.SGI_BASE + Gicd.ISENABLER, 1 << 27);
    t.gic.setInput(27, 1, 1);
    expect(t.ctx.vcpuIrq[1]!.irq.level).toBe(1);
    expect(t.ctx.vcpuIrq[0]!.irq.level).toBe(0);
    expect(t.sysR(1, 12, 8, 0)).toBe(1023); // IAR0 sees no group 1 interrupt
    expect(t.sysR(1, ...IAR1)).toBe(27);
    t.wr(Gicd.IGROUPR + 4, 0xfffffffd); // INTID 33 to group 0
    t.wr(Gicd.ISENABLER + 4, 2);
    t.sysW(0, 12, 12, 6, 1); // IGRPEN0
    t.gic.setInput(33, 1);
    expect(t.ctx.vcpuIrq[0]!.fiq.level).toBe(1);
    expect(t.sysR(0, 12, 8, 0)).toBe(33);
  });

  it('EOImode splits priority drop and deactivation', () => {
    const t = setup(1);
    linuxInit(t, 1);
    t.sysW(0, 12, 12, 4, 2);
    t.wr(Gicd.ISENABLER + 4, 2);
    t.gic.setInput(33, 1);
    expect(t.sysR(0, ...IAR1)).toBe(33);
    t.sysW(0, ...EOIR1, 33);
    expect(t.ctx.vcpuIrq[0]!.irq.level).toBe(0);
    t.sysW(0, 12, 11, 1, 33); // DIR
    expect(t.ctx.vcpuIrq[0]!.irq.level).toBe(1);
  });

  it('bad programming is logged; unknown ICC registers fall through to the CPU; too small a window is refused', () => {
    const t = setup(1);
    t.rd(0x9000);
    t.wr(R + 0x40, 1);
    t.sysW(0, 12, 12, 1, 40);
    expect(t.ctx.log.guestErrors().length).toBe(3);
    expect(t.gic.sysregInterface(0).read(3, 0, 12, 13, 0)).toBe(false);
    expect(t.gic.sysregInterface(0).read(3, 6, 12, 12, 4)).toBe(false);
    const small = new FakeContext({ nodeName: 'gic', vcpuCount: 4, size: 0x100000 });
    expect(() => probeWith(gicV3Emulator, 'arm,gic-v3', small)).toThrow(/cannot hold 4 redistributors/);
  });

  it('save/restore round-trips', () => {
    const t = setup(2);
    linuxInit(t, 2);
    t.wr(Gicd.ISENABLER + 4, 2);
    t.gic.setInput(33, 1);
    t.sysR(0, ...IAR1);
    const st = JSON.parse(JSON.stringify(t.gic.save()));
    const u = setup(2);
    u.gic.restore(st);
    expect(u.gic.save()).toEqual(st);
    expect(u.sysR(0, 12, 11, 3)).toBe(0xa0);
  });
});

describe('sysregInterface behind the core\'s CpuSysregSlot', () => {
  it('refuses accesses until attached, then forwards to the vcpu interface', async () => {
    const { CpuSysregSlot } = await import('../../../core/devemu/sysreg-slot.ts');
    const { gicV3Emulator } = await import('./device.ts');
    expect(gicV3Emulator.cpuSysregs).toBe(true);
    const t = setup(2);
    const slot = new CpuSysregSlot();
    expect(slot.read(3, 0, 4, 6, 0)).toBe(false);
    slot.attach(t.gic.sysregInterface(1));
    expect(slot.write(3, 0, 4, 6, 0, 0xf0, 0)).toBe(true);
    expect(slot.read(3, 0, 4, 6, 0)).toBe(true);
    expect(slot.lo).toBe(0xf0);
    expect(t.sysR(0, 4, 6, 0)).toBe(0);
  });
});
