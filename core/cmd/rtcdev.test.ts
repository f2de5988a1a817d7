import { describe, expect, it } from 'vitest';
import { rtcdevCommand } from './rtcdev.ts';
import { GUEST_DTS, makeHarness } from './testing/cmd-harness.ts';
import { compileDtsText } from '../devtree/compile.ts';
import { mapReader } from '../devtree/file-reader.ts';
import { loadGuest } from '../devtree/guest-parse.ts';
import { pl031Emulator } from '../../emulators/rtc/pl031.ts';

const RTC_NODE = `rtc0 { manifest_type = "virtual"; address_type = "memory"; device_type = "rtc"; compatible = "arm,pl031";
			guest_physical_addr = <0x09010000>; physical_size = <0x1000>; interrupts = <6>; epoch = <86400>; };
		uart0 {`;

function withRtc() {
  const h = makeHarness([rtcdevCommand]);
  h.hv.emulators.register(pl031Emulator);
  const tree = compileDtsText(GUEST_DTS.replace('uart0 {', RTC_NODE), 'guest.dts', mapReader({}));
  h.hv.createGuest(loadGuest(h.ctx.hostTree, tree, 'guest0', { vcpuCount: 1 }));
  return h;
}

describe('rtcdev command', () => {
  it('lists guest PL031s and reads them through MMIO', async () => {
    const h = withRtc();
    expect((await h.run('rtcdev list')).out).toMatch(/ guest0\/rtc0\s+arm,pl031\s+0x09010000/);
    expect((await h.run('rtcdev get_time guest0/rtc0')).out).toBe('Fri Jan 02 00:00:00 1970 (UTC)\n');
    h.hv.runFor(61_000_000_000);
    expect((await h.run('rtcdev get_time guest0/rtc0')).out).toBe('Fri Jan 02 00:01:01 1970 (UTC)\n');
  });

  it('sets the time through RTCLR', async () => {
    const h = withRtc();
    expect((await h.run('rtcdev set_time guest0/rtc0 12:34:56 22 11 2026')).out).toBe('Sun Nov 22 12:34:56 2026 (UTC)\n');
    h.hv.runFor(4_000_000_000);
    expect((await h.run('rtcdev get_time guest0/rtc0')).out).toBe('Sun Nov 22 12:35:00 2026 (UTC)\n');
    const g = h.hv.guest('guest0')!;
    expect(g.aspace.mmioRead(0x09010000, 4, 0)).toBe(Date.UTC(2026, 10, 22, 12, 35, 0) / 1000);
  });

  it('refuses unknown devices and bad times, changing nothing', async () => {
    const h = withRtc();
    expect((await h.run('rtcdev get_time guest0/uart0')).out).toContain('Failed to find rtc guest0/uart0');
    expect((await h.run('rtcdev get_time rtc0')).out).toContain('expected <guest>/<device>');
    expect((await h.run('rtcdev set_time guest0/rtc0 25:00:00 1 1 2020')).out).toContain('bad time');
    expect((await h.run('rtcdev set_time guest0/rtc0 12:00:00 1 1')).out).toContain('missing rtc name, time, day, month or year');
    expect((await h.run('rtcdev get_time')).out).toContain('missing rtc name');
    expect((await h.run('rtcdev reset')).out).toContain('unknown sub-command reset');
    expect((await h.run('rtcdev get_time guest0/rtc0')).out).toBe('Fri Jan 02 00:00:00 1970 (UTC)\n');
    expect((await makeHarness([rtcdevCommand]).run('rtcdev list')).out.split('\n').length).toBe(5);
  });
});
