// A guest tree in the exact style of Xvisor's own trees (template with
// poweroff, a "real" vgic,cpu region, empty switch/blkdev/shared_mem, RAM
// sized at load) loads and boots the basic firmware, as `guest_fdt_load`
// with a vcpu count and a mem0 override does on Xvisor.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../build-guests.ts';
import { GuestConsole, firmware, newSession, runShell } from '../../common/xvisor-guests.ts';

const DTS = join(REPO_ROOT, 'tests/arm32/virt-v7/testdata/xvisor-style-guest.dts');

describe('an Xvisor-style guest tree', () => {
  it('refuses to create the guest while mem0 has size 0, naming the override', async () => {
    const s = await newSession();
    expect(() => s.startGuest({ dts: DTS, bios: firmware('arm32', 'virt-v7'), images: [] }, 0)).toThrow(/mem0: physical_size is 0.*override/);
  });

  it('boots with vcpus=2 and mem=128M: vcpu0 starts, the secondary waits for PSCI', async () => {
    const s = await newSession();
    const { guest } = s.startGuest({ dts: DTS, vcpus: 2, mem: 128 << 20, bios: firmware('arm32', 'virt-v7'), images: [] }, 0);
    expect(guest.vcpus.map((v) => v.desc.poweroff)).toEqual([false, true]);
    const con = new GuestConsole(s, 'guest0/uart0');
    const t = runShell(con, ['version', 'smp_test'], 5_000_000_000);
    expect(t).toContain('RAM: 0x40000000, 128 MiB');
    expect(t).toContain('smp_test: passed');
  });
});
