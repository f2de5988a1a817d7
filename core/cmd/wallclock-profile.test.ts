import { describe, expect, it } from 'vitest';
import { profileCommand } from './profile.ts';
import { wallclockCommand } from './wallclock.ts';
import { addGuest, makeHarness } from './testing/cmd-harness.ts';

describe('wallclock command', () => {
  it('starts at the epoch and advances with virtual time only', async () => {
    const h = makeHarness([wallclockCommand]);
    expect((await h.run('wallclock get_time')).out).toBe('Thu Jan 01 00:00:00 1970 (UTC+00:00)\n');
    h.hv.runFor(2_500_000_000);
    expect((await h.run('wallclock get_time')).out).toBe('Thu Jan 01 00:00:02 1970 (UTC+00:00)\n');
  });

  it('sets the time in the current zone and moves with the zone', async () => {
    const h = makeHarness([wallclockCommand]);
    expect((await h.run('wallclock set_timezone +05:30')).out).toBe('UTC+05:30\n');
    expect((await h.run('wallclock set_time 23:59:58 28 Feb 2024')).out).toBe('Wed Feb 28 23:59:58 2024 (UTC+05:30)\n');
    h.hv.runFor(3_000_000_000);
    expect((await h.run('wallclock get_time')).out).toBe('Thu Feb 29 00:00:01 2024 (UTC+05:30)\n');
    await h.run('wallclock set_timezone -01:00');
    expect((await h.run('wallclock get_time')).out).toBe('Wed Feb 28 17:30:01 2024 (UTC-01:00)\n');
    expect((await h.run('wallclock get_timezone')).out).toBe('UTC-01:00\n');
  });

  it('refuses bad times, dates and zones, changing nothing', async () => {
    const h = makeHarness([wallclockCommand]);
    const bad: [string, string][] = [
      ['wallclock set_time 24:00:00 1 1 2020', 'bad time "24:00:00"'],
      ['wallclock set_time 12:00 1 1 2020', 'expected hh:mm:ss'],
      ['wallclock set_time 12:00:00 30 2 2023', 'bad day "30" for Feb 2023'],
      ['wallclock set_time 12:00:00 1 13 2023', 'bad month "13"'],
      ['wallclock set_time 12:00:00 1 1 1900', 'bad year "1900"'],
      ['wallclock set_time 12:00:00 1 1', 'missing time, day, month or year'],
      ['wallclock set_timezone 5', 'bad time zone "5"'],
      ['wallclock set_timezone +15:00', 'outside -12:00..+14:00'],
      ['wallclock get_time now', 'too many arguments to get_time'],
      ['wallclock frob', 'unknown sub-command frob'],
    ];
    for (const [line, msg] of bad) {
      const r = await h.run(line);
      expect(r.status, line).toBeLessThan(0);
      expect(r.out, line).toContain(msg);
    }
    expect((await h.run('wallclock get_time')).out).toBe('Thu Jan 01 00:00:00 1970 (UTC+00:00)\n');
  });
});

describe('profile command', () => {
  it('counts instructions and run time between start and stop', async () => {
    const h = makeHarness([profileCommand]);
    addGuest(h, 'guest0');
    h.hv.runFor(1_000_000);
    expect((await h.run('profile status')).out).toBe('profile: never started\n');
    expect((await h.run('profile dump')).out).toContain('no profile');
    expect((await h.run('profile stop')).out).toContain('profile is not running');
    expect((await h.run('profile start')).status).toBe(0);
    expect((await h.run('profile start')).out).toContain('already running');
    h.hv.guest('guest0')!.kick();
    h.hv.runFor(5_000_000);
    expect((await h.run('profile status')).out).toBe('profile: running for 5.000 ms\n');
    expect((await h.run('profile stop')).out).toBe('profile stopped after 5.000 ms\n');
    h.hv.runFor(5_000_000);
    const d = (await h.run('profile dump')).out;
    expect(d).toMatch(/^Interval: 1\.000 ms \.\. 6\.000 ms\n/);
    expect(d.split('\n')[2]).toMatch(/^ Name\s+Guest\s+Instructions\s+Run ms\s+Load\s+MIPS\s+Switches$/);
    const row = d.split('\n').find((l) => l.includes('guest0/vcpu0'))!;
    const insns = Number(row.trim().split(/\s+/)[2]);
    expect(insns).toBeGreaterThan(0);
    expect(d).toMatch(/idle\/0\s+-\s+0\s+/);
    expect((await h.run('profile dump x')).out).toContain('too many arguments to dump');
  });
});
