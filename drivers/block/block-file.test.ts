import { describe, it, expect, afterEach } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlockFile, BlockFileError, type BlockIo } from './block-file.ts';
import { FakeContext, probeWith } from '../../emulators/testing/fake-context.ts';
import { VirtioTestDriver } from '../../emulators/testing/virtio-driver.ts';
import { virtioEmulator } from '../../emulators/virtio/device.ts';
import { BlkStatus, BlkType } from '../../emulators/virtio/blk.ts';

const dirs: string[] = [];
function tempImage(bytes: number, fill = 0): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xvts-blk-'));
  dirs.push(d);
  const p = path.join(d, 'disk.img');
  fs.writeFileSync(p, new Uint8Array(bytes).fill(fill));
  return p;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function header(type: number, sector: number) {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, type, true);
  v.setUint32(8, sector, true);
  return h;
}

/** fs with a journal of the calls made, to check ordering. */
function spyIo(journal: string[]): BlockIo {
  const real = fs as unknown as BlockIo;
  return {
    openSync: (p, f) => real.openSync(p, f),
    fstatSync: (fd) => real.fstatSync(fd),
    readSync: (fd, b, o, l, p) => (journal.push('read'), real.readSync(fd, b, o, l, p)),
    writeSync: (fd, b, o, l, p) => (journal.push('write'), real.writeSync(fd, b, o, l, p)),
    fsyncSync: (fd) => (journal.push('fsync'), real.fsyncSync(fd)),
    closeSync: (fd) => real.closeSync(fd),
  };
}

describe('BlockFile', () => {
  it('reads, writes and flushes a host file', () => {
    const p = tempImage(4096, 7);
    const bf = new BlockFile('vda', p);
    expect(bf.sizeBytes).toBe(4096);
    const buf = new Uint8Array(512);
    let ok = false;
    bf.read(512, buf, (r) => (ok = r));
    expect(ok).toBe(true);
    expect(buf.every((b) => b === 7)).toBe(true);
    bf.write(1024, new Uint8Array(512).fill(9), (r) => (ok = r));
    bf.flush((r) => (ok = ok && r));
    expect(ok).toBe(true);
    bf.close();
    expect(fs.readFileSync(p)[1024]).toBe(9);
    bf.read(0, buf, (r) => (ok = r));
    expect(ok).toBe(false);
  });

  it('refuses out-of-range I/O and writes in read-only mode', () => {
    const p = tempImage(1024);
    const bf = new BlockFile('vda', p, { readOnly: true });
    const res: boolean[] = [];
    bf.read(1024, new Uint8Array(512), (r) => res.push(r));
    bf.read(-512, new Uint8Array(512), (r) => res.push(r));
    bf.write(0, new Uint8Array(512), (r) => res.push(r));
    expect(res).toEqual([false, false, false]);
    expect(fs.readFileSync(p).every((b) => b === 0)).toBe(true);
  });

  it('names the file for a missing image, a directory, or a size not in sectors', () => {
    expect(() => new BlockFile('x', '/nonexistent/disk.img')).toThrow(/\/nonexistent\/disk.img: cannot open/);
    const odd = tempImage(1000);
    expect(() => new BlockFile('x', odd)).toThrow(BlockFileError);
    expect(() => new BlockFile('x', odd)).toThrow(/size 1000/);
    expect(() => new BlockFile('x', path.dirname(odd))).toThrow(/not a regular file|cannot open/);
  });
});

describe('virtio-blk over a temp backing file', () => {
  it('a test driver negotiates, writes, flushes (after fsync), reads back, and the file holds the data', () => {
    const p = tempImage(128 * 512);
    const journal: string[] = [];
    const disk = new BlockFile('vda', p, { io: spyIo(journal), serial: 'XVTS-DISK' });
    const ctx = new FakeContext({ nodeName: 'virtio1', interrupts: [49], attrs: { virtio_type: 2, blkdev: 'vda' }, services: { 'block/vda': disk } });
    const dev = probeWith(virtioEmulator, 'virtio,mmio', ctx);
    const drv = new VirtioTestDriver(dev, ctx.dma);
    expect(drv.init() & 8).toBe(8);
    drv.setupQueue(0, 32);
    drv.driverOk();
    expect(dev.read(0x100, 4)).toBe(128);

    const data = new Uint8Array(2048).map((_, i) => (i * 7) & 0xff);
    const w = drv.submit(0, [{ data: header(BlkType.OUT, 5) }, { data }, { writeLen: 1 }]);
    expect(drv.mem(w.addrs[2]!, 1)[0]).toBe(BlkStatus.OK);
    const f = drv.submit(0, [{ data: header(BlkType.FLUSH, 0) }, { writeLen: 1 }]);
    expect(journal.slice(-2)).toEqual(['write', 'fsync']);
    const used = drv.used(0);
    expect(used.map((u) => u.id)).toEqual([w.head, f.head]);
    expect(drv.mem(f.addrs[1]!, 1)[0]).toBe(BlkStatus.OK);
    expect(ctx.level(49)).toBe(1);
    drv.ack();

    const r = drv.submit(0, [{ data: header(BlkType.IN, 5) }, { writeLen: 2048 }, { writeLen: 1 }]);
    expect(drv.mem(r.addrs[1]!, 2048)).toEqual(data);
    const id = drv.submit(0, [{ data: header(BlkType.GET_ID, 0) }, { writeLen: 20 }, { writeLen: 1 }]);
    expect(new TextDecoder().decode(drv.mem(id.addrs[1]!, 9))).toBe('XVTS-DISK');

    const onDisk = fs.readFileSync(p);
    expect(new Uint8Array(onDisk.subarray(5 * 512, 5 * 512 + 2048))).toEqual(data);
    // beyond the end: IOERR, file unchanged in size
    const bad = drv.submit(0, [{ data: header(BlkType.OUT, 127) }, { data: new Uint8Array(1024) }, { writeLen: 1 }]);
    expect(drv.mem(bad.addrs[2]!, 1)[0]).toBe(BlkStatus.IOERR);
    expect(fs.statSync(p).size).toBe(128 * 512);
    disk.close();
  });
});
