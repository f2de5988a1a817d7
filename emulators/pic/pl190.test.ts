import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { pl190Emulator, Pl190, Reg, VECTCNTL_ENABLE } from './pl190.ts';
import { versatileSicEmulator, VersatileSic, Reg as Sic } from './versatile-sic.ts';
import { guestInterruptSinks, genericTimerLines } from './interrupt-sink.ts';
import { gicV2Emulator } from './gic-v2/device.ts';

function setup() {
  const ctx = new FakeContext({ nodeName: 'vic' });
  const vic = probeWith(pl190Emulator, 'versatilepb,pl190', ctx) as Pl190;
  return { ctx, vic, irq: () => ctx.vcpuIrq[0]!.irq.level, fiq: () => ctx.vcpuIrq[0]!.fiq.level };
}

describe('PL190 VIC', () => {
  it('has the PL190 IDs and raises IRQ for an enabled source (Linux, non-vectored)', () => {
    const { vic, irq } = setup();
    expect([0xfe0, 0xfe4, 0xfe8, 0xfec].map((o) => vic.read(o, 4))).toEqual([0x90, 0x11, 0x04, 0x00]);
    vic.setInput(4, 1);
    expect(irq()).toBe(0);
    expect(vic.read(Reg.VICRawIntr, 4)).toBe(1 << 4);
    vic.write(Reg.VICIntEnable, 4, 1 << 4);
    expect(irq()).toBe(1);
    expect(vic.read(Reg.VICIRQStatus, 4)).toBe(1 << 4);
    vic.write(Reg.VICIntEnClear, 4, 1 << 4);
    expect(irq()).toBe(0);
  });

  it('routes selected sources to FIQ and software interrupts through VICSoftInt', () => {
    const { vic, irq, fiq } = setup();
    vic.write(Reg.VICIntEnable, 4, 3);
    vic.write(Reg.VICIntSelect, 4, 2);
    vic.write(Reg.VICSoftInt, 4, 2);
    expect(fiq()).toBe(1);
    expect(irq()).toBe(0);
    expect(vic.read(Reg.VICFIQStatus, 4)).toBe(2);
    vic.write(Reg.VICSoftIntClear, 4, 2);
    expect(fiq()).toBe(0);
  });

  it('vectored: returns the slot address, masks lower priorities until VICVectAddr is written', () => {
    const { vic, irq } = setup();
    vic.write(Reg.VICDefVectAddr, 4, 0xdead0000);
    vic.write(Reg.VICVectAddr0, 4, 0x1000);
    vic.write(Reg.VICVectCntl0, 4, VECTCNTL_ENABLE | 5);
    vic.write(Reg.VICVectAddr0 + 4, 4, 0x2000);
    vic.write(Reg.VICVectCntl0 + 4, 4, VECTCNTL_ENABLE | 6);
    vic.write(Reg.VICIntEnable, 4, (1 << 5) | (1 << 6) | (1 << 7));
    vic.setInput(6, 1);
    expect(vic.read(Reg.VICVectAddr, 4)).toBe(0x2000);
    expect(irq()).toBe(0); // slot 1 in service masks itself and lower
    vic.setInput(7, 1); // non-vectored: masked while a vectored one is in service
    expect(irq()).toBe(0);
    vic.setInput(5, 1); // slot 0 preempts
    expect(irq()).toBe(1);
    expect(vic.read(Reg.VICVectAddr, 4)).toBe(0x1000);
    vic.setInput(5, 0);
    vic.write(Reg.VICVectAddr, 4, 0);
    vic.setInput(6, 0);
    vic.write(Reg.VICVectAddr, 4, 0);
    expect(irq()).toBe(1);
    expect(vic.read(Reg.VICVectAddr, 4)).toBe(0xdead0000);
    vic.write(Reg.VICVectAddr, 4, 0);
  });

  it('logs reserved offsets and save/restore round-trips the priority stack', () => {
    const { ctx, vic, irq } = setup();
    vic.read(0x40, 4);
    vic.write(Reg.VICIRQStatus, 4, 1);
    expect(ctx.log.guestErrors().length).toBe(2);
    vic.write(Reg.VICVectCntl0, 4, VECTCNTL_ENABLE | 1);
    vic.write(Reg.VICIntEnable, 4, 3);
    vic.setInput(1, 1);
    vic.read(Reg.VICVectAddr, 4);
    const st = JSON.parse(JSON.stringify(vic.save()));
    const b = setup();
    b.vic.restore(st);
    expect(b.vic.save()).toEqual(st);
    b.vic.setInput(0, 1);
    expect(b.irq()).toBe(0);
    b.vic.write(Reg.VICVectAddr, 4, 0);
    expect(b.irq()).toBe(1);
    expect(irq()).toBe(0);
    expect(() => b.vic.restore({ ...st, stack: [40] })).toThrow(/priority stack/);
  });
});

describe('Versatile SIC', () => {
  it('cascades into VIC input 31 and passes PICENABLE sources straight through', () => {
    const ctx = new FakeContext({ nodeName: 'sic', interrupts: [31] });
    const sic = probeWith(versatileSicEmulator, 'versatilepb,sic', ctx) as VersatileSic;
    sic.setInput(32 + 3, 1);
    expect(ctx.level(31)).toBe(0);
    sic.write(Sic.SIC_ENABLE, 4, 1 << 3);
    expect(ctx.level(31)).toBe(1);
    expect(sic.read(Sic.SIC_STATUS, 4)).toBe(8);
    sic.write(Sic.SIC_ENCLR, 4, 1 << 3);
    expect(ctx.level(31)).toBe(0);
    sic.write(Sic.SIC_PICENABLE, 4, 1 << 22);
    sic.setInput(32 + 22, 1);
    expect(ctx.level(22)).toBe(1);
    sic.write(Sic.SIC_PICENCLR, 4, 1 << 22);
    expect(ctx.level(22)).toBe(0);
    const st = sic.save();
    sic.reset();
    sic.restore(st);
    expect(sic.save()).toEqual(st);
    sic.read(0x30, 4);
    expect(ctx.log.guestErrors().length).toBe(1);
    expect(guestInterruptSinks(ctx).length).toBe(1);
  });
});

describe('interrupt sinks and the generic timer wiring', () => {
  it('gives the core one sink that dispatches to the VIC and its cascaded SIC', () => {
    const vctx = new FakeContext({ nodeName: 'vic' });
    const vic = probeWith(pl190Emulator, 'versatilepb,pl190', vctx) as Pl190;
    const sctx = new FakeContext({ nodeName: 'sic', sibling: vctx, interrupts: [31] });
    const sic = probeWith(versatileSicEmulator, 'versatilepb,sic', sctx) as VersatileSic;
    vic.write(Reg.VICIntEnable, 4, (1 << 4) | (1 << 31));
    sic.write(Sic.SIC_ENABLE, 4, 1 << 3);
    expect(guestInterruptSinks(vctx).length).toBe(2);
    vctx.sink!.setLevel(4, 1);
    expect(vic.read(Reg.VICRawIntr, 4)).toBe(1 << 4);
    vctx.sink!.setLevel(35, 1);
    expect(sic.read(Sic.SIC_RAWSTAT, 4)).toBe(1 << 3);
    // the SIC's cascade output is the fake's recorded line 31, which the core would route to the VIC
    expect(sctx.level(31)).toBe(1);
    vic.setInput(31, 1);
    expect(vic.read(Reg.VICIRQStatus, 4)).toBe(((1 << 4) | (1 << 31)) >>> 0);
  });

  it('registers the GIC and turns PPIs 27/30 into per-vcpu lines', () => {
    const ctx = new FakeContext({ nodeName: 'gic', vcpuCount: 2, size: 0x2000 });
    const gic = probeWith(gicV2Emulator, 'vexpress,gic', ctx);
    const [sink] = guestInterruptSinks(ctx);
    expect(sink!.owns(27)).toBe(true);
    expect(sink!.owns(5)).toBe(false);
    gic.write(0x1000, 4, 1);
    gic.write(0x1100, 4, 1 << 27, 1);
    gic.write(0x4, 4, 0xff, 1);
    gic.write(0x0, 4, 1, 1);
    const lines = genericTimerLines(sink!, 1);
    lines.virt.set(1);
    expect(ctx.vcpuIrq[1]!.irq.level).toBe(1);
    expect(ctx.vcpuIrq[0]!.irq.level).toBe(0);
    lines.virt.set(0);
    expect(ctx.vcpuIrq[1]!.irq.level).toBe(0);
  });
});
