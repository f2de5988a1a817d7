// A vexpress-a15 guest tree in the shape of Xvisor's own (every device
// region Xvisor's tree has, SMC91C111 and PL111 included) loads and boots
// the basic firmware with a vcpu count and a mem0 size given at load.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../build-guests.ts';
import { GuestConsole, firmware, newSession, runShell } from '../../common/xvisor-guests.ts';

const DTS = join(REPO_ROOT, 'tests/arm32/vexpress-a15/testdata/xvisor-style-guest.dts');

describe('an Xvisor-style vexpress-a15 tree', () => {
  it('boots with vcpus=2 and mem=128M and passes smp_test', async () => {
    const s = await newSession();
    const { guest } = s.startGuest({ dts: DTS, vcpus: 2, mem: 128 << 20, bios: firmware('arm32', 'vexpress-a15'), images: [] }, 0);
    expect(guest.vcpus).toHaveLength(2);
    const con = new GuestConsole(s, 'guest0/uart0');
    const t = runShell(con, ['version', 'smp_test'], 5_000_000_000);
    expect(t).toContain('Vexpress-A15 Basic Firmware');
    expect(t).toContain('smp_test: passed');
  });
});
