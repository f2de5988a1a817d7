import { describe, it, expect } from 'vitest';
import { compileSearch, searchNodes } from './search.ts';
import { loadFixture } from './testing/fixtures.ts';

function labels(name: string, pattern: string): string[] {
  const re = compileSearch(pattern);
  if (typeof re === 'string') throw new Error(re);
  return searchNodes(loadFixture(name), re).map((h) => h.label);
}

describe('search', () => {
  it('matches names and prompts case-insensitively, in menu order', () => {
    expect(labels('basic', '^net')).toEqual([
      'NET - Networking support',
      'NET_SWITCH - Virtual network switch',
      'NET_TELNET - Telnet server',
      'NET_SOCKETS - Socket layer',
    ]);
    expect(labels('basic', 'socket')).toEqual(['NET_SOCKETS - Socket layer']);
    expect(labels('basic', 'round ro')).toEqual(['SCHED_RR - Round robin']);
  });

  it('finds menus, comments, choices and promptless symbols', () => {
    expect(labels('basic', 'drivers')).toEqual(['Comment: Drivers follow', 'Menu: Device drivers']);
    expect(labels('basic', '^sched')).toEqual(['Choice: Scheduler', 'SCHED_RR - Round robin', 'SCHED_PRIO - Priority based', 'SCHED_EDF - Earliest deadline first']);
    expect(labels('basic', 'HAS_IOPORT')).toEqual(['HAS_IOPORT (no prompt)']);
    expect(labels('kinds', 'TRICHOICE')).toEqual(['Choice TRICHOICE: Tristate choice']);
  });

  it('reports a bad regular expression', () => {
    expect(compileSearch('a(b')).toMatch(/^'a\(b' is not a valid regular expression/);
  });
});
