import { describe, it, expect } from 'vitest';
import { GuestAspace } from '../aspace/guest-aspace.ts';
import { BusFault } from '../aspace/guest-bus.ts';
import { DevEmu } from './devemu.ts';
import { IrqRouter } from './irq-router.ts';
import { EmulatorRegistry } from './registry.ts';
import { LogKind, type AccessSize, type EmuDevice, type Emulator } from './emulator.ts';
import type { DevEmuHost } from './emulator-context.ts';
import { makeGuestDesc } from '../testing/guest-builder.ts';

/** A register file of 32-bit words that records every access it sees. */
function regsEmulator(sizes: AccessSize[], seen: string[]): Emulator {
  return {
    name: 'regs',
    deviceType: 'misc',
    compatible: [{ compatible: 'test,regs', data: 'variant' }],
    configSymbol: 'CONFIG_EMU_TEST_REGS',
    probe(ctx, data) {
      const mem = new Uint8Array(ctx.size);
      const dv = new DataView(mem.buffer);
      seen.push(`probe ${String(data)} ${ctx.attrU32('width')} ${ctx.attrString('label')}`);
      const dev: EmuDevice = {
        accessSizes: sizes,
        hi32: 0,
        read(off, size, vcpu) {
          seen.push(`r${size}@${off} v${vcpu}`);
          if (off === 0xf00) throw new Error('boom');
          if (size === 8) {
            dev.hi32 = dv.getUint32(off + 4, true);
            return dv.getUint32(off, true);
          }
          return size === 1 ? mem[off] : size === 2 ? dv.getUint16(off, true) : dv.getUint32(off, true);
        },
        write(off, size, value) {
          seen.push(`w${size}@${off}=${value.toString(16)}`);
          if (size === 1) mem[off] = value;
          else if (size === 2) dv.setUint16(off, value, true);
          else {
            dv.setUint32(off, value, true);
            if (size === 8) dv.setUint32(off + 4, dev.hi32!, true);
          }
        },
        reset() {
          mem.fill(0);
        },
        save: () => ({ version: 1, mem: Array.from(mem) }),
        restore(s) {
          mem.set(s.mem as number[]);
        },
      };
      return dev;
    },
  };
}

function setup(sizes: AccessSize[]) {
  const seen: string[] = [];
  const desc = makeGuestDesc({
    name: 'g',
    devices: [{ name: 'regs0', compatible: 'test,regs', base: 0x1000000, attrs: { width: 32, label: 'hi' }, interrupts: [3] }],
  });
  const aspace = new GuestAspace('g', desc);
  const logs: string[] = [];
  const host: DevEmuHost = {
    guestName: 'g', vcpuCount: 1, clock: { nowNs: () => 0, createTimer: () => { throw new Error('no timers'); } },
    dma: { read: () => false, write: () => false }, irqs: new IrqRouter('g', 64), vcpuIrq: [],
    charPort: () => { throw new Error('no ports'); }, random: () => 0, log: (k, n, m) => logs.push(`${k} ${n} ${m}`),
    requestReset: () => {}, requestPowerOff: () => {}, service: () => undefined,
  };
  const dev = new DevEmu(host, desc, aspace, new EmulatorRegistry([regsEmulator(sizes, seen)]));
  const faults: string[] = [];
  dev.onFault = (m) => faults.push(m);
  return { aspace, dev, seen, faults, host, logs };
}

describe('DevEmu', () => {
  it('probes with variant data and attributes, dispatches accepted widths with the vcpu', () => {
    const { aspace, seen } = setup([4]);
    expect(seen[0]).toBe('probe variant 32 hi');
    aspace.mmioWrite(0x1000010, 4, 0xcafef00d, 0, 0);
    expect(aspace.mmioRead(0x1000010, 4, 1)).toBe(0xcafef00d);
    expect(seen.slice(1)).toEqual(['w4@16=cafef00d', 'r4@16 v1']);
  });

  it('splits 8-byte accesses for a 32-bit device and widens narrow reads', () => {
    const { aspace, seen } = setup([4]);
    aspace.mmioWrite(0x1000020, 8, 0x11111111, 0x22222222, 0);
    expect(aspace.fault).toBe(BusFault.None);
    expect(aspace.mmioRead(0x1000020, 8, 0)).toBe(0x11111111);
    expect(aspace.dataHi).toBe(0x22222222);
    aspace.mmioWrite(0x1000030, 4, 0xa1b2c3d4, 0, 0);
    expect(aspace.mmioRead(0x1000031, 1, 0)).toBe(0xc3);
    expect(aspace.mmioRead(0x1000032, 2, 0)).toBe(0xa1b2);
    expect(seen.slice(1, 5)).toEqual(['w4@32=11111111', 'w4@36=22222222', 'r4@32 v0', 'r4@36 v0']);
  });

  it('passes 8-byte accesses through hi32 to a device that takes them', () => {
    const { aspace } = setup([4, 8]);
    aspace.mmioWrite(0x1000040, 8, 0x1, 0x2, 0);
    expect(aspace.mmioRead(0x1000040, 8, 0)).toBe(1);
    expect(aspace.dataHi).toBe(2);
  });

  it('refuses narrow writes, unaligned and out-of-range accesses as bus faults', () => {
    const { aspace, faults } = setup([4]);
    aspace.mmioWrite(0x1000001, 1, 5, 0, 0);
    expect(aspace.fault).toBe(BusFault.DeviceError);
    aspace.mmioRead(0x1000002, 4, 0);
    expect(aspace.fault).toBe(BusFault.DeviceError);
    aspace.mmioRead(0x1000ffc, 8, 0);
    expect(aspace.fault).toBe(BusFault.DeviceError);
    expect(faults[0]).toBe('g: regs0 (test,regs) write of 1 bytes at 0x1000001 refused: width not accepted (device takes 4-byte accesses)');
    expect(faults[1]).toMatch(/read of 4 bytes at 0x1000002 refused: unaligned/);
    expect(faults[2]).toMatch(/read of 8 bytes at 0x1000ffc refused/);
  });

  it('confines a throwing device to the access', () => {
    const { aspace, dev, faults } = setup([4]);
    expect(aspace.mmioRead(0x1000f00, 4, 0)).toBe(0);
    expect(aspace.fault).toBe(BusFault.DeviceError);
    expect(faults).toEqual(['g: regs0 (test,regs) read of 4 bytes at 0x1000f00 failed: boom']);
    expect(dev.devices[0].stats.faults).toBe(1);
    aspace.mmioWrite(0x1000000, 4, 7, 0, 0);
    expect(aspace.mmioRead(0x1000000, 4, 0)).toBe(7);
  });

  it('saves, resets and restores device state by node', () => {
    const { aspace, dev } = setup([4]);
    aspace.mmioWrite(0x1000008, 4, 99, 0, 0);
    const s = dev.save();
    dev.reset();
    expect(aspace.mmioRead(0x1000008, 4, 0)).toBe(0);
    dev.restore(s);
    expect(aspace.mmioRead(0x1000008, 4, 0)).toBe(99);
    expect(() => dev.restore([{ path: '/x', compatible: 'c', state: { version: 1 } }])).toThrow(/g: snapshot has device \/x/);
  });

  it('routes interrupt lines to the sink, replaying early levels, and checks irq numbers', () => {
    const { host } = setup([4]);
    const r = host.irqs;
    r.line(3).set(1);
    r.line(27, 0).set(1);
    const got: string[] = [];
    r.setSink({ setLevel: (i, l, v) => got.push(`${i}=${l}@${v}`) }, 'pic');
    r.line(3).set(0);
    expect(got).toEqual(['3=1@undefined', '27=1@0', '3=0@undefined']);
    expect(() => r.line(64)).toThrow(/g: irq 64 outside 0..63/);
    expect(() => r.setSink({ setLevel: () => {} }, 'pic2')).toThrow(/already has an interrupt controller/);
  });

  it('registry refuses a compatible served twice', () => {
    const seen: string[] = [];
    const reg = new EmulatorRegistry([regsEmulator([4], seen)]);
    expect(() => reg.register(regsEmulator([4], seen))).toThrow(/"test,regs" already served by regs/);
    expect(LogKind.GuestError).toBe(0);
  });
});
