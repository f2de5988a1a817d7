// Issue 5's bare-metal check on a real guest: the AArch64 program built for
// QEMU's virt board (arch/arm/cpu/arm64/testdata/baremetal) runs unchanged
// on a virt-v8 guest started as QEMU's -kernel starts an ELF, prints the
// bytes QEMU printed, and powers the guest off with PSCI SYSTEM_OFF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../build-guests.ts';
import { GuestConsole, guestDts, newSession } from '../../common/xvisor-guests.ts';

const DIR = join(REPO_ROOT, 'arch/arm/cpu/arm64/testdata/baremetal');

describe('a QEMU virt bare-metal ELF as kernel= on virt-v8', () => {
  it('prints what QEMU printed and powers off', async () => {
    const s = await newSession();
    const { guest, plan } = s.startGuest({ dts: guestDts('arm64', 'virt-v8'), kernel: join(DIR, 'prog.elf'), images: [] }, 0);
    expect(plan.kernelFormat).toBe('elf');
    const con = new GuestConsole(s, 'guest0/uart0');
    expect(s.hv.runUntil(() => guest.poweredOff, 1_000_000_000)).toBe(true);
    expect(con.text.replace(/\r/g, '')).toBe(readFileSync(join(DIR, 'prog.qemu.txt'), 'utf8').replace(/\r/g, ''));
  });
});
