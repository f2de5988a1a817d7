import { describe, expect, it } from 'vitest';
import { shmemCommand } from './shmem.ts';
import { GUEST_DTS, makeHarness } from './testing/cmd-harness.ts';
import { compileDtsText } from '../devtree/compile.ts';
import { mapReader } from '../devtree/file-reader.ts';
import { loadGuest } from '../devtree/guest-parse.ts';

const SHARED = `shm { manifest_type = "real"; address_type = "memory"; device_type = "shared_ram"; shared_mem = "ring";
			guest_physical_addr = <0x50000000>; physical_size = <0x2000>; };
		uart0 {`;

describe('shmem command', () => {
  it('creates a block that guests share, lists its users and refuses to destroy it while mapped', async () => {
    const h = makeHarness([shmemCommand]);
    expect((await h.run('shmem create ring 8K')).out).toBe('ring: Created (0x2000 bytes)\n');
    const tree = () => compileDtsText(GUEST_DTS.replace('uart0 {', SHARED), 'guest.dts', mapReader({}));
    const a = h.hv.createGuest(loadGuest(h.ctx.hostTree, tree(), 'ga', { vcpuCount: 1 }));
    const b = h.hv.createGuest(loadGuest(h.ctx.hostTree, tree(), 'gb', { vcpuCount: 1 }));
    a.aspace.write(0x50000010, Uint8Array.of(7, 8, 9));
    expect(b.aspace.read(0x50000010, 3)).toEqual(Uint8Array.of(7, 8, 9));
    expect((await h.run('shmem list')).out).toMatch(/ ring\s+0x2000\s+0x1000\s+ga,gb/);
    expect((await h.run('shmem destroy ring')).out).toContain('shmem ring is mapped by ga, gb');
    h.hv.destroyGuest('ga');
    h.hv.destroyGuest('gb');
    expect((await h.run('shmem destroy ring')).out).toBe('ring: Destroyed\n');
    expect((await h.run('shmem list')).out).not.toContain('ring');
  });

  it('refuses bad sizes, names and duplicates with one clear line', async () => {
    const h = makeHarness([shmemCommand]);
    await h.run('shmem create a 0x1000 0x10000');
    expect((await h.run('shmem list')).out).toMatch(/ a\s+0x1000\s+0x10000\s+-/);
    const bad: [string, string][] = [
      ['shmem create b 100', 'not a non-zero multiple of 4 KiB'],
      ['shmem create b 2G', 'larger than 1 GiB'],
      ['shmem create b 4K 3', 'alignment 0x3 is not a power of two'],
      ['shmem create b 4Q', 'bad size "4Q"'],
      ['shmem create a 4K', 'shmem a exists already'],
      ['shmem create b/c 4K', 'bad name "b/c"'],
      ['shmem create b', 'missing name or size'],
      ['shmem destroy zz', 'Failed to find shmem zz'],
      ['shmem resize a', 'unknown sub-command resize'],
    ];
    for (const [line, msg] of bad) expect((await h.run(line)).out, line).toContain(msg);
    expect((await h.run('shmem list')).out.split('\n').length).toBe(6);
  });
});
