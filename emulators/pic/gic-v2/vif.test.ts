import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../../testing/fake-context.ts';
import { gicV2Emulator, GicRegion } from './device.ts';
import { Cpu, Dist } from './regs.ts';
import { Gich, VTR_VALUE } from './vif.ts';

function setup() {
  const base = new FakeContext({ nodeName: 'gic', size: 0x2000, attrs: { num_irq: 64 } });
  const gic = probeWith(gicV2Emulator, 'arm,cortex-a15-gic', base) as GicRegion;
  const hyp = probeWith(gicV2Emulator, 'arm,cortex-a15-gic', new FakeContext({ nodeName: 'gich', sibling: base, attrs: { gic_part: 'hyp' } })) as GicRegion;
  const vcpu = probeWith(gicV2Emulator, 'arm,cortex-a15-gic', new FakeContext({ nodeName: 'gicv', sibling: base, size: 0x2000, attrs: { gic_part: 'vcpu' } })) as GicRegion;
  // The guest hypervisor's own GIC set-up: distributor on, PPI 25 and SPI 41 enabled.
  gic.write(0x1000 + Dist.GICD_CTLR, 4, 1);
  gic.write(0x1000 + Dist.GICD_ISENABLER, 4, 1 << 25);
  gic.write(0x1000 + Dist.GICD_ISENABLER + 4, 4, 1 << 9);
  gic.write(Cpu.GICC_PMR, 4, 0xf0);
  gic.write(Cpu.GICC_CTLR, 4, 1);
  hyp.write(Gich.HCR, 4, 1);
  vcpu.write(Cpu.GICC_CTLR, 4, 1);
  vcpu.write(Cpu.GICC_PMR, 4, 0xf0);
  return { base, gic, hyp, vcpu, out: base.vcpuIrq[0]! };
}

const lr = (vid: number, prio: number, state: number, extra = 0) => ((state << 28) | ((prio >> 3) << 23) | vid | extra) >>> 0;

describe('GICv2 virtualization extensions (GICH/GICV)', () => {
  it('a pending list register raises the virtual IRQ; GICV IAR/EOIR run it; EOI maintenance raises PPI 25', () => {
    const t = setup();
    expect(t.hyp.read(Gich.VTR, 4)).toBe(VTR_VALUE);
    expect(t.hyp.read(Gich.ELRSR0, 4)).toBe(0xf);
    t.hyp.write(Gich.LR0, 4, lr(40, 0xa0, 1, 1 << 19));
    expect(t.out.virq.level).toBe(1);
    expect(t.hyp.read(Gich.ELRSR0, 4)).toBe(0xe);
    expect(t.vcpu.read(Cpu.GICC_IAR, 4)).toBe(40);
    expect(t.out.virq.level).toBe(0);
    expect(t.vcpu.read(Cpu.GICC_RPR, 4)).toBe(0xa0);
    expect((t.hyp.read(Gich.LR0, 4) >>> 28) & 3).toBe(2);
    t.vcpu.write(Cpu.GICC_EOIR, 4, 40);
    expect((t.hyp.read(Gich.LR0, 4) >>> 28) & 3).toBe(0);
    expect(t.hyp.read(Gich.EISR0, 4)).toBe(1);
    expect(t.hyp.read(Gich.MISR, 4) & 1).toBe(1);
    expect(t.out.irq.level).toBe(1); // maintenance interrupt on the real CPU interface
    expect(t.gic.read(Cpu.GICC_IAR, 4)).toBe(25);
    t.hyp.write(Gich.LR0, 4, 0); // the hypervisor recycles the entry
    expect(t.hyp.read(Gich.EISR0, 4)).toBe(0);
    expect(t.hyp.read(Gich.ELRSR0, 4)).toBe(0xf);
  });

  it('a hardware entry deactivates its physical interrupt', () => {
    const t = setup();
    t.gic.setInput(41, 1);
    expect(t.gic.read(Cpu.GICC_IAR, 4)).toBe(41);
    t.gic.write(Cpu.GICC_CTLR, 4, 1 | (1 << 9)); // EOImode: the hypervisor only drops priority
    t.gic.write(Cpu.GICC_EOIR, 4, 41);
    expect(t.gic.read(0x1000 + Dist.GICD_ISACTIVER + 4, 4)).toBe(1 << 9);
    t.hyp.write(Gich.LR0 + 4, 4, lr(41, 0x80, 1, (1 << 31) | (41 << 10)));
    expect(t.vcpu.read(Cpu.GICC_IAR, 4)).toBe(41);
    t.gic.setInput(41, 0);
    t.vcpu.write(Cpu.GICC_EOIR, 4, 41);
    expect(t.gic.read(0x1000 + Dist.GICD_ISACTIVER + 4, 4)).toBe(0);
  });

  it('masks by the virtual PMR and group enables; bad accesses are logged; state round-trips', () => {
    const t = setup();
    t.vcpu.write(Cpu.GICC_PMR, 4, 0x80);
    t.hyp.write(Gich.LR0, 4, lr(33, 0xa0, 1));
    expect(t.out.virq.level).toBe(0);
    expect(t.vcpu.read(Cpu.GICC_IAR, 4)).toBe(1023);
    t.vcpu.write(Cpu.GICC_PMR, 4, 0xf0);
    expect(t.out.virq.level).toBe(1);
    t.vcpu.write(Cpu.GICC_CTLR, 4, 0);
    expect(t.out.virq.level).toBe(0);
    t.vcpu.write(Cpu.GICC_EOIR, 4, 77);
    t.hyp.write(Gich.VTR, 4, 0);
    t.hyp.read(Gich.HCR, 2);
    expect(t.base.log.guestErrors().length).toBe(3);
    const st = JSON.parse(JSON.stringify(t.hyp.save()));
    const u = setup();
    u.hyp.restore(st);
    expect(u.hyp.save()).toEqual(st);
    expect(u.hyp.read(Gich.LR0, 4)).toBe(lr(33, 0xa0, 1));
  });
});
