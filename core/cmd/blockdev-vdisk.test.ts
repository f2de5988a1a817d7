import { describe, expect, it } from 'vitest';
import { blockdevCommand } from './blockdev.ts';
import type { HostBlockDevice } from './context.ts';
import { vdiskCommand } from './vdisk.ts';
import { GUEST_DTS, makeHarness } from './testing/cmd-harness.ts';
import { compileDtsText } from '../devtree/compile.ts';
import { mapReader } from '../devtree/file-reader.ts';
import { loadGuest } from '../devtree/guest-parse.ts';
import { virtioEmulator } from '../../emulators/virtio/device.ts';

/** Disk images kept in memory: path -> bytes; `bad` cannot be opened. */
function memDisks(images: Record<string, number>) {
  const closed: string[] = [];
  const open = (name: string, path: string, readOnly: boolean): HostBlockDevice => {
    const size = images[path];
    if (size === undefined) throw new Error(`${path}: cannot open disk image: no such file`);
    const data = new Uint8Array(size).fill(path.length);
    return {
      name,
      path,
      readOnly,
      sizeBytes: size,
      serial: name,
      read: (off, dst, done) => (dst.set(data.subarray(off, off + dst.length)), done(true)),
      write: (off, src, done) => (readOnly ? done(false) : (data.set(src, off), done(true))),
      flush: (done) => done(true),
      close: () => void closed.push(name),
    };
  };
  return { open, closed };
}

const VDA = `vda { manifest_type = "virtual"; address_type = "memory"; device_type = "virtio"; compatible = "virtio,mmio";
			guest_physical_addr = <0x0a000000>; physical_size = <0x200>; interrupts = <16>; virtio_type = <2>; blkdev = "disk0"; };
		uart0 {`;

function setup() {
  const disks = memDisks({ 'a.img': 4096, 'bb.img': 4096, 'c.img': 8192 });
  const h = makeHarness([blockdevCommand, vdiskCommand], {}, { openBlockFile: disks.open });
  h.hv.emulators.register(virtioEmulator);
  const guest = () => h.hv.createGuest(loadGuest(h.ctx.hostTree, compileDtsText(GUEST_DTS.replace('uart0 {', VDA), 'guest.dts', mapReader({})), 'guest0', { vcpuCount: 1 }));
  return { h, disks, guest };
}

function readByte(h: ReturnType<typeof setup>['h']): boolean | number {
  const svc = h.hv.service<HostBlockDevice>('block', 'disk0')!;
  const b = new Uint8Array(512);
  let res: boolean | number = false;
  svc.read(0, b, (ok) => (res = ok ? b[0]! : false));
  return res;
}

describe('blockdev and vdisk commands', () => {
  it('adds block devices that a guest virtio-blk reaches, and lists them', async () => {
    const { h, guest } = setup();
    expect((await h.run('blockdev add disk0 a.img')).out).toBe('disk0: Added (8 blocks, rw)\n');
    expect((await h.run('blockdev add disk1 bb.img ro')).out).toBe('disk1: Added (8 blocks, ro)\n');
    guest();
    const list = (await h.run('blockdev list')).out;
    expect(list).toMatch(/ disk0\s+8\s+4\.0 KiB\s+rw\s+a\.img/);
    expect(list).toMatch(/ disk1\s+8\s+4\.0 KiB\s+ro\s+bb\.img/);
    expect((await h.run('blockdev info disk0')).out).toMatch(/Used by\s+: guest0\/vda\n/);
    expect((await h.run('vdisk list')).out).toMatch(/ guest0\/vda\s+disk0\s+disk0\s+4096/);
    expect(readByte(h)).toBe(5);
  });

  it('detaches and attaches a vdisk to another device of the same size', async () => {
    const { h, guest } = setup();
    await h.run('blockdev add disk0 a.img');
    await h.run('blockdev add disk1 bb.img');
    await h.run('blockdev add big c.img');
    guest();
    expect((await h.run('blockdev remove disk0')).out).toContain('attached to guest0/vda (vdisk detach first)');
    expect((await h.run('vdisk attach guest0/vda disk1')).out).toContain('is attached to disk0 (vdisk detach first)');
    expect((await h.run('vdisk detach guest0/vda')).out).toBe('guest0/vda: Detached\n');
    expect(readByte(h)).toBe(false);
    expect((await h.run('vdisk info guest0/vda')).out).toContain('Attached to : (detached)');
    expect((await h.run('vdisk attach guest0/vda big')).out).toContain('blockdev big has 8192 bytes; vdisk guest0/vda has 4096');
    expect((await h.run('vdisk attach guest0/vda disk1')).out).toBe('guest0/vda: Attached to disk1\n');
    expect(readByte(h)).toBe(6);
    expect((await h.run('vdisk list')).out).toMatch(/ guest0\/vda\s+disk0\s+disk1/);
    expect((await h.run('blockdev remove disk0')).out).toBe('disk0: Removed\n');
  });

  it('refuses bad input with one clear line and changes nothing', async () => {
    const { h, disks } = setup();
    await h.run('blockdev add disk0 a.img');
    const bad: [string, string][] = [
      ['blockdev add d2 nosuch.img', 'nosuch.img: cannot open disk image: no such file'],
      ['blockdev add disk0 bb.img', 'blockdev disk0 exists already'],
      ['blockdev add d2 a.img rw', 'bad mode "rw"'],
      ['blockdev add d/2 a.img', 'bad name "d/2"'],
      ['blockdev add d2', 'missing name or file'],
      ['blockdev info nosuch', 'Failed to find blockdev nosuch'],
      ['blockdev eject disk0', 'unknown sub-command eject'],
      ['vdisk detach guest0/vda', 'Failed to find vdisk guest0/vda'],
      ['vdisk detach vda', 'expected <guest>/<device>'],
      ['vdisk attach guest0/vda', 'missing vdisk or blockdev name'],
    ];
    for (const [line, msg] of bad) {
      const r = await h.run(line);
      expect(r.status, line).toBeLessThan(0);
      expect(r.out, line).toContain(msg);
    }
    expect((await h.run('blockdev list')).out.split('\n').length).toBe(6);
    expect(disks.closed).toEqual([]);
    expect((await makeHarness([blockdevCommand]).run('blockdev add x a.img')).out).toContain('this front end cannot open block devices');
  });

  it('re-adds a removed name to the routing disk a guest already holds', async () => {
    const { h, disks, guest } = setup();
    await h.run('blockdev add disk0 a.img');
    guest();
    await h.run('vdisk detach guest0/vda');
    await h.run('blockdev remove disk0');
    expect(disks.closed).toEqual(['disk0']);
    expect((await h.run('blockdev add disk0 c.img')).out).toContain('guests know this name as 0x1000 bytes');
    expect(disks.closed).toEqual(['disk0', 'disk0']);
    expect((await h.run('blockdev add disk0 bb.img')).status).toBe(0);
    expect((await h.run('vdisk list')).out).toMatch(/ guest0\/vda\s+disk0\s+disk0/);
    expect(readByte(h)).toBe(6);
  });
});
