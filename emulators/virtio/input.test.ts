import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { VirtioTestDriver } from '../testing/virtio-driver.ts';
import { virtioEmulator } from './device.ts';
import { virtioMmioEmulator } from './mmio.ts';
import { Reg, STATUS_DEVICE_NEEDS_RESET, STATUS_FEATURES_OK, VIRTQ_DESC_F_NEXT } from './regs.ts';
import { BUS_VIRTUAL, EV_KEY, EV_REP, EV_SYN, INPUT_BACKLOG, INPUT_NAME, INPUT_SERIAL, InputCfg, VirtioInput } from './input.ts';
import type { EmuDevice } from '../../core/devemu/emulator.ts';

function make() {
  const ctx = new FakeContext({ nodeName: 'vinput0', size: 0x200, interrupts: [50], attrs: { virtio_type: 18 } });
  const dev = probeWith(virtioEmulator, 'virtio,mmio', ctx);
  const drv = new VirtioTestDriver(dev, ctx.dma);
  return { ctx, dev, drv };
}

/** A device with its backend in hand, since pressKey is the host-side entry. */
function makeWithBackend() {
  const ctx = new FakeContext({ nodeName: 'vinput0', size: 0x200, interrupts: [50], attrs: { virtio_type: 18 } });
  let kbd!: VirtioInput;
  const emu = virtioMmioEmulator({ 18: (c) => (kbd = new VirtioInput(c)) });
  const dev = probeWith(emu, 'virtio,mmio', ctx);
  const drv = new VirtioTestDriver(dev, ctx.dma);
  return { ctx, dev, drv, kbd };
}

/** Selects select/subsel with byte writes, as Linux does, and returns size and the union. */
function query(dev: EmuDevice, select: number, subsel: number): { size: number; u: Uint8Array } {
  dev.write(Reg.Config + 0, 1, select);
  dev.write(Reg.Config + 1, 1, subsel);
  const size = dev.read(Reg.Config + 2, 1);
  const u = new Uint8Array(128);
  for (let i = 0; i < 128; i++) u[i] = dev.read(Reg.Config + 8 + i, 1);
  return { size, u };
}

const text = (u: Uint8Array, n: number) => String.fromCharCode(...u.subarray(0, n));

function ready() {
  const m = makeWithBackend();
  expect(m.drv.init() & STATUS_FEATURES_OK).toBe(STATUS_FEATURES_OK);
  m.drv.setupQueue(0, 16);
  m.drv.setupQueue(1, 16);
  m.drv.driverOk();
  return m;
}

function events(drv: VirtioTestDriver, addrs: number[], used: { id: number; len: number }[], heads: number[]) {
  return used.map((u) => {
    expect(u.len).toBe(8);
    const b = drv.mem(addrs[heads.indexOf(u.id)]!, 8);
    const v = new DataView(b.buffer);
    return [v.getUint16(0, true), v.getUint16(2, true), v.getUint32(4, true)];
  });
}

describe('virtio-input', () => {
  it('is device 18 with two queues and no features', () => {
    const { dev, drv } = make();
    expect(dev.read(Reg.DeviceID, 4)).toBe(18);
    expect(drv.init() & STATUS_FEATURES_OK).toBe(STATUS_FEATURES_OK);
    for (const q of [0, 1]) {
      dev.write(Reg.QueueSel, 4, q);
      expect(dev.read(Reg.QueueNumMax, 4)).toBeGreaterThan(0);
    }
    dev.write(Reg.QueueSel, 4, 2);
    expect(dev.read(Reg.QueueNumMax, 4)).toBe(0);
    dev.write(Reg.DeviceFeaturesSel, 4, 0);
    expect(dev.read(Reg.DeviceFeatures, 4)).toBe(0);
  });

  it('answers name, serial and device ids', () => {
    const { dev } = make();
    const name = query(dev, InputCfg.IdName, 0);
    expect(name.size).toBe(INPUT_NAME.length);
    expect(text(name.u, name.size)).toBe('Xvisor-TS virtio keyboard');
    expect(name.u[name.size]).toBe(0);
    const serial = query(dev, InputCfg.IdSerial, 0);
    expect(text(serial.u, serial.size)).toBe(INPUT_SERIAL);
    const ids = query(dev, InputCfg.IdDevids, 0);
    expect(ids.size).toBe(8);
    expect(ids.u[0] | (ids.u[1]! << 8)).toBe(BUS_VIRTUAL);
    // A 16-bit read of bustype through the transport gives the same.
    expect(dev.read(Reg.Config + 8, 2)).toBe(0x06);
  });

  it('answers the event bitmaps: keys 1..255 and autorepeat, nothing else', () => {
    const { dev } = make();
    const keys = query(dev, InputCfg.EvBits, EV_KEY);
    expect(keys.size).toBe(32);
    expect(keys.u[0]).toBe(0xfe); // code 0 (KEY_RESERVED) is not a key
    expect([...keys.u.subarray(1, 32)].every((b) => b === 0xff)).toBe(true);
    expect([...keys.u.subarray(32)].every((b) => b === 0)).toBe(true);
    const rep = query(dev, InputCfg.EvBits, EV_REP);
    expect(rep.size).toBe(1);
    expect(rep.u[0]).toBe(3);
    expect(query(dev, InputCfg.PropBits, 0).size).toBe(0);
    expect(query(dev, InputCfg.AbsInfo, 0).size).toBe(0);
    expect(query(dev, InputCfg.EvBits, 0x02 /* EV_REL */).size).toBe(0);
  });

  it('bad selects and subsels give size 0 and a cleared union', () => {
    const { dev } = make();
    query(dev, InputCfg.IdName, 0);
    for (const [sel, sub] of [[0x7f, 0], [InputCfg.IdName, 1], [InputCfg.IdDevids, 9], [InputCfg.Unset, 0]] as const) {
      const r = query(dev, sel, sub);
      expect(r.size).toBe(0);
      expect(r.u.every((b) => b === 0)).toBe(true);
    }
  });

  it('refuses writes outside select/subsel and reads past the config, naming the node', () => {
    const { dev, ctx } = make();
    query(dev, InputCfg.IdName, 0);
    dev.write(Reg.Config + 2, 1, 99);
    dev.write(Reg.Config + 8, 4, 0x41414141);
    expect(dev.read(Reg.Config + 2, 1)).toBe(INPUT_NAME.length);
    expect(dev.read(Reg.Config + 8, 1)).toBe('X'.charCodeAt(0));
    expect(dev.read(Reg.Config + 136, 4)).toBe(0);
    const errs = ctx.log.guestErrors();
    expect(errs.length).toBe(3);
    expect(errs.every((e) => e.includes('vinput0'))).toBe(true);
  });

  it('a pressed key arrives as EV_KEY then EV_SYN, queued until buffers are posted', () => {
    const { drv, kbd, ctx } = ready();
    kbd.pressKey(30, true); // KEY_A
    kbd.pressKey(30, false);
    expect(kbd.pending).toBe(4);
    const posted = [0, 1, 2].map(() => drv.submit(0, [{ writeLen: 8 }]));
    const heads = posted.map((p) => p.head);
    const addrs = posted.map((p) => p.addrs[0]!);
    expect(events(drv, addrs, drv.used(0), heads)).toEqual([
      [EV_KEY, 30, 1],
      [EV_SYN, 0, 0],
      [EV_KEY, 30, 0],
    ]);
    expect(ctx.level(50)).toBe(1);
    const more = drv.submit(0, [{ writeLen: 8 }]);
    expect(events(drv, [more.addrs[0]!], drv.used(0), [more.head])).toEqual([[EV_SYN, 0, 0]]);
    // With a buffer waiting, a press goes straight out.
    const two = [0, 1].map(() => drv.submit(0, [{ writeLen: 8 }]));
    kbd.pressKey(1, true);
    expect(events(drv, two.map((p) => p.addrs[0]!), drv.used(0), two.map((p) => p.head))).toEqual([
      [EV_KEY, 1, 1],
      [EV_SYN, 0, 0],
    ]);
    expect(kbd.pending).toBe(0);
  });

  it('a full backlog drops the oldest events and counts them', () => {
    const { drv, kbd } = ready();
    for (let i = 0; i < INPUT_BACKLOG / 2 + 3; i++) kbd.pressKey(2 + (i % 10), true);
    expect(kbd.pending).toBe(INPUT_BACKLOG);
    expect(kbd.dropped).toBe(6);
    const p = drv.submit(0, [{ writeLen: 8 }]);
    // Three presses were lost: the oldest left is the fourth, code 5.
    expect(events(drv, [p.addrs[0]!], drv.used(0), [p.head])).toEqual([[EV_KEY, 5, 1]]);
  });

  it('ignores key codes outside 1..255', () => {
    const { kbd, ctx } = ready();
    kbd.pressKey(0, true);
    kbd.pressKey(256, true);
    expect(kbd.pending).toBe(0);
    expect(ctx.log.entries.filter((e) => e.message.includes('outside 1..255')).length).toBe(2);
  });

  it('statusq buffers (LED events) are consumed and completed', () => {
    const { drv } = ready();
    const led = new Uint8Array(8);
    new DataView(led.buffer).setUint16(0, 0x11, true); // EV_LED
    const a = drv.submit(1, [{ data: led }]);
    const b = drv.submit(1, [{ data: led }]);
    expect(drv.used(1)).toEqual([
      { id: a.head, len: 0 },
      { id: b.head, len: 0 },
    ]);
  });

  it('an eventq buffer smaller than an event sets DEVICE_NEEDS_RESET', () => {
    const { drv, dev, kbd, ctx } = ready();
    kbd.pressKey(3, true);
    drv.submit(0, [{ writeLen: 4 }]);
    expect(dev.read(Reg.Status, 4) & STATUS_DEVICE_NEEDS_RESET).toBe(STATUS_DEVICE_NEEDS_RESET);
    expect(ctx.log.guestErrors().some((e) => e.includes('smaller than an event'))).toBe(true);
  });

  it('a descriptor loop on the statusq sets DEVICE_NEEDS_RESET', () => {
    const { drv, dev } = ready();
    const buf = drv.alloc(8);
    drv.rawDesc(1, 0, buf, 8, VIRTQ_DESC_F_NEXT, 1);
    drv.rawDesc(1, 1, buf, 8, VIRTQ_DESC_F_NEXT, 0);
    drv.publish(1, 0);
    drv.kick(1);
    expect(dev.read(Reg.Status, 4) & STATUS_DEVICE_NEEDS_RESET).toBe(STATUS_DEVICE_NEEDS_RESET);
  });

  it('save/restore keeps the select and the pending events', () => {
    const { drv, dev, kbd } = ready();
    dev.write(Reg.Config, 1, InputCfg.IdSerial);
    kbd.pressKey(44, true);
    const st = JSON.parse(JSON.stringify(dev.save()));
    dev.reset();
    expect(kbd.pending).toBe(0);
    dev.restore(st);
    expect(dev.save()).toEqual(st);
    expect(dev.read(Reg.Config + 2, 1)).toBe(INPUT_SERIAL.length);
    const p = [0, 1].map(() => drv.submit(0, [{ writeLen: 8 }]));
    expect(events(drv, p.map((x) => x.addrs[0]!), drv.used(0), p.map((x) => x.head))).toEqual([
      [EV_KEY, 44, 1],
      [EV_SYN, 0, 0],
    ]);
    expect(() => dev.restore({ ...st, device: { ...st.device, events: [1] } })).toThrow(/virtio-input: state events/);
    expect(() => dev.restore({ ...st, device: { ...st.device, select: 300 } })).toThrow(/virtio-input/);
    expect(() => dev.restore({ ...st, device: null })).toThrow(/virtio-input: state is not an object/);
  });
});
