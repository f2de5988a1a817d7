import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { cfiFlashEmulator, CfiFlash } from './cfi-flash.ts';
import type { BlockBackend } from '../../core/devemu/host-services.ts';

const SIZE = 4 * 1024 * 1024;
const cmd = (c: number) => ((c << 16) | c) >>> 0;

function setup(services: Record<string, unknown> = {}, attrs: Record<string, number | string> = {}) {
  const ctx = new FakeContext({ nodeName: 'flash0', size: SIZE, services, attrs });
  const f = probeWith(cfiFlashEmulator, 'cfi-flash', ctx) as CfiFlash;
  return { ctx, f, r: (o: number) => f.read(o, 4) >>> 0, w: (o: number, v: number) => f.write(o, 4, v) };
}

describe('CFI flash (Intel command set, QEMU virt geometry)', () => {
  it('answers the CFI query in both chips lanes with the geometry', () => {
    const { r, w, f } = setup();
    w(0x55 * 4, cmd(0x98));
    expect([0x10, 0x11, 0x12].map((n) => r(n * 4))).toEqual([0x00510051, 0x00520052, 0x00590059]);
    expect(r(0x13 * 4)).toBe(cmd(0x01)); // Intel/Sharp command set
    expect(r(0x27 * 4)).toBe(cmd(21)); // 2 MiB per chip
    expect(r(0x2a * 4)).toBe(cmd(11)); // 2 KiB write buffer
    expect(r(0x2c * 4)).toBe(cmd(1));
    expect([0x2d, 0x2e, 0x2f, 0x30].map((n) => r(n * 4) & 0xff)).toEqual([15, 0, 0, 2]); // 16 blocks of 128 KiB per chip
    expect([0x31, 0x32, 0x33].map((n) => String.fromCharCode(r(n * 4) & 0xff)).join('')).toBe('PRI');
    expect(f.read(0x10 * 4, 1)).toBe(0x51);
    expect(f.read(0x10 * 4 + 2, 2)).toBe(0x51);
    w(0, cmd(0xff));
    expect(r(0)).toBe(0xffffffff);
  });

  it('reads the identifier and block lock status', () => {
    const { r, w } = setup();
    w(0, cmd(0x90));
    expect(r(0)).toBe(cmd(0x89));
    expect(r(4)).toBe(cmd(0x18));
    expect(r(0x40000 + 8)).toBe(0);
  });

  it('word program only clears bits and reports ready status', () => {
    const { r, w, f } = setup();
    w(0x100, cmd(0x40));
    w(0x100, 0x12345678);
    expect(r(0x100)).toBe(cmd(0x80));
    w(0x100, cmd(0x40));
    w(0x100, 0xffff00ff);
    w(0, cmd(0xff));
    expect(r(0x100)).toBe(0x12340078);
    expect(f.readArray).toBe(true);
  });

  it('buffered program (EDK2 NorFlashDxe) and block erase', () => {
    const { r, w } = setup();
    const base = 0x80000;
    w(base, cmd(0xe8));
    expect(r(base) & 0x00800080).toBe(0x00800080);
    w(base, cmd(1)); // two words per chip
    w(base, 0xa1a2a3a4);
    w(base + 4, 0xb1b2b3b4);
    w(base, cmd(0xd0));
    expect(r(base)).toBe(cmd(0x80));
    w(0, cmd(0xff));
    expect([r(base), r(base + 4), r(base + 8)]).toEqual([0xa1a2a3a4, 0xb1b2b3b4, 0xffffffff]);
    w(base + 0x100, cmd(0x20));
    w(base + 0x100, cmd(0xd0));
    expect(r(base)).toBe(cmd(0x80));
    w(0, cmd(0xff));
    expect(r(base)).toBe(0xffffffff);
  });

  it('locked blocks refuse program and erase with SR.1, until unlocked', () => {
    const { r, w } = setup();
    w(0x40000, cmd(0x60));
    w(0x40000, cmd(0x01));
    w(0x40000, cmd(0x90));
    expect(r(0x40000 + 8)).toBe(cmd(1));
    w(0x40010, cmd(0x40));
    w(0x40010, 0);
    expect(r(0x40010)).toBe(cmd(0x92));
    w(0, cmd(0x50));
    w(0x40000, cmd(0x20));
    w(0x40000, cmd(0xd0));
    expect(r(0)).toBe(cmd(0xa2));
    w(0, cmd(0x50));
    w(0x40000, cmd(0x60));
    w(0x40000, cmd(0xd0));
    w(0x40010, cmd(0x40));
    w(0x40010, 0);
    expect(r(0)).toBe(cmd(0x80));
  });

  it('bad sequences set SR.4|SR.5; unknown commands are logged and read array resumes', () => {
    const { r, w, ctx } = setup();
    w(0, cmd(0x20));
    w(0, cmd(0xff));
    expect(r(0)).toBe(cmd(0xb0));
    w(0, cmd(0x50));
    w(0, cmd(0xe8));
    w(0, cmd(0x7ff)); // count beyond the buffer
    expect(r(0) & 0x30).toBe(0x30);
    w(0, cmd(0x50));
    w(0, cmd(0x33));
    expect(r(0)).toBe(0xffffffff);
    expect(ctx.log.guestErrors().length).toBe(3);
    expect(ctx.log.guestErrors()[2]).toMatch(/flash0: unknown command 0x33/);
  });

  it('loads from and writes through to its backing block device', () => {
    const store = new Uint8Array(1024 * 1024).fill(0xff);
    store.set([1, 2, 3, 4], 0);
    const writes: number[] = [];
    const disk: BlockBackend = {
      name: 'flash0', sizeBytes: store.length, readOnly: false, serial: '',
      read: (o, d, done) => (d.set(store.subarray(o, o + d.length)), done(true)),
      write: (o, s, done) => (writes.push(o), store.set(s, o), done(true)),
      flush: (done) => done(true),
    };
    const { r, w, ctx } = setup({ 'block/vars': disk }, { blkdev: 'vars' });
    expect(r(0)).toBe(0x04030201);
    expect(r(0x200000)).toBe(0xffffffff);
    expect(ctx.log.entries.some((e) => /holds 1048576 of 4194304/.test(e.message))).toBe(true);
    w(0x10, cmd(0x40));
    w(0x10, 0x55aa55aa);
    expect(store.subarray(0x10, 0x14)).toEqual(new Uint8Array([0xaa, 0x55, 0xaa, 0x55]));
    expect(writes).toEqual([0x10]);
    expect(() => setup({}, { blkdev: 'none' })).toThrow(/flash0: block device "none" not found/);
  });

  it('save/restore round-trips contents, locks and mode; rejects bad geometry', () => {
    const { w, f } = setup();
    w(0x1000, cmd(0x40));
    w(0x1000, 0);
    w(0, cmd(0x98));
    const st = JSON.parse(JSON.stringify(f.save()));
    const b = setup();
    b.f.restore(st);
    expect(b.r(0x10 * 4)).toBe(0x00510051);
    b.w(0, cmd(0xff));
    expect(b.r(0x1000)).toBe(0);
    expect(() => b.f.restore({ ...st, runs: [0xff, 5] })).toThrow(/5 bytes/);
    expect(() => setup({}, { sector_length: 3000 })).toThrow(/sectors/);
  });
});
