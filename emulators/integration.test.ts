// The emulators wired by the real core (Hypervisor, DevEmu, IrqRouter, guest
// clock) with a scripted fake CPU: a guest programs the GIC, PL011 and SP804
// the way a bare-metal firmware does, sleeps in WFI, and its interrupt
// handler prints through the UART. Checks the interrupt path end to end.

import { describe, it, expect } from 'vitest';
import { Hypervisor } from '../core/hypervisor.ts';
import { fakeCpuModel, type FakeOp } from '../core/testing/fake-cpu.ts';
import { makeGuestDesc } from '../core/testing/guest-builder.ts';
import type { GuestBus } from '../core/aspace/guest-bus.ts';
import { allEmulators } from './all.ts';

const GICD = 0x08000000;
const GICC = 0x08010000;
const UART = 0x09000000;
const TIMER = 0x09010000;
const RTC = 0x09020000;
const VIRTIO = 0x0a000000;

const rd = (b: GuestBus, a: number, v = 0) => b.mmioRead(a, 4, v) >>> 0;
const wr = (b: GuestBus, a: number, x: number, v = 0) => b.mmioWrite(a, 4, x, 0, v);

function script(vcpu: number): FakeOp[] {
  if (vcpu > 0) return [{ op: 'wfi' }, { op: 'jump', to: 0 }];
  return [
    {
      op: 'fn',
      fn: (c) => {
        const b = c.env.bus;
        wr(b, GICD + 0x000, 1); // GICD_CTLR
        wr(b, GICD + 0x104, (1 << 1) | (1 << 2)); // enable INTID 33 (uart), 34 (timer)
        wr(b, GICD + 0x420, 0xa0a0a0a0);
        wr(b, GICD + 0x820, 0x01010101);
        wr(b, GICC + 0x004, 0xf0); // GICC_PMR
        wr(b, GICC + 0x000, 1); // GICC_CTLR
        wr(b, UART + 0x02c, 0x70); // 8N1, FIFOs
        wr(b, UART + 0x030, 0x301);
        wr(b, UART + 0x038, 0x50); // RX | RT
        wr(b, TIMER + 0x00, 1000); // 1 ms at 1 MHz
        wr(b, TIMER + 0x08, 0xe2); // enabled, periodic, interrupt, 32-bit
      },
    },
    { op: 'irqOn' },
    { op: 'wfi' },
    { op: 'jump', to: 2 },
    // IRQ handler (4)
    {
      op: 'fn',
      fn: (c) => {
        const b = c.env.bus;
        const iar = rd(b, GICC + 0x00c);
        const id = iar & 0x3ff;
        if (id === 34) {
          wr(b, UART, 0x54); // 'T'
          wr(b, TIMER + 0x0c, 1);
        } else if (id === 33) {
          while (!(rd(b, UART + 0x018) & 0x10)) wr(b, UART, rd(b, UART) & 0xff);
        }
        if (id !== 1023) wr(b, GICC + 0x010, iar);
      },
    },
    { op: 'eret' },
  ];
}

describe('emulators under the real core', () => {
  it('timer and UART interrupts reach the vcpu through the GIC; bytes reach the vserial', () => {
    const model = fakeCpuModel(script, { irqVector: 4 });
    const hv = new Hypervisor({ seed: 7, hostCpuCount: 1, cpuModels: [model], emulators: allEmulators, systemWorkqueues: false });
    const desc = makeGuestDesc({
      name: 'guest0',
      vcpus: 2,
      devices: [
        { name: 'gicd', compatible: 'arm,vgic,dist', base: GICD, size: 0x1000, deviceType: 'pic', attrs: { num_irq: 96 } },
        { name: 'gicc', compatible: 'arm,vgic,cpu', base: GICC, size: 0x2000, deviceType: 'pic' },
        { name: 'uart0', compatible: 'primecell,arm,pl011', base: UART, deviceType: 'serial', interrupts: [33] },
        { name: 'timer0', compatible: 'primecell,sp804', base: TIMER, deviceType: 'timer', interrupts: [34] },
        { name: 'rtc0', compatible: 'primecell,pl031', base: RTC, deviceType: 'rtc', interrupts: [35] },
        { name: 'virtio0', compatible: 'virtio,mmio', base: VIRTIO, size: 0x200, deviceType: 'virtio', interrupts: [48] },
      ],
    });
    const g = hv.createGuest(desc);
    g.kick();
    hv.runFor(5_500_000);
    const port = hv.vserials.list().find((v) => v.name === 'guest0/uart0')!;
    const out = new TextDecoder().decode(port.dump());
    expect(out).toBe('TTTTT');
    // Typed input: RX timeout interrupt, the handler echoes it.
    port.input('hi');
    hv.runFor(400_000);
    expect(new TextDecoder().decode(port.dump())).toBe('TTTTThi');
    const bus = g.aspace as unknown as GuestBus;
    expect(rd(bus, VIRTIO)).toBe(0x74726976);
    expect(rd(bus, VIRTIO + 8)).toBe(0);
    expect(rd(bus, RTC + 0xfe0)).toBe(0x31);
    expect(model.cpus[0]!.irqsTaken).toBe(6);
    expect(model.cpus[1]!.irqsTaken).toBe(0);
  });
});
