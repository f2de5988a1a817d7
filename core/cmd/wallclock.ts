// wallclock: the hypervisor's wall clock (Xvisor's cmd_wallclock), kept as
// an offset from virtual time so that runs stay reproducible: the host's
// real clock is never read. It starts at 1970-01-01 00:00:00 UTC at virtual
// time 0 until `set_time` moves it. The time zone is an offset in minutes
// that `get_time` and `set_time` apply (set_time takes local time).

import { CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import type { Hypervisor } from '../hypervisor.ts';

interface Clock {
  /** UTC seconds since 1970 at virtual time 0. */
  base: number;
  /** Minutes east of UTC. */
  tz: number;
}

const clocks = new WeakMap<Hypervisor, Clock>();

export function wallclockOf(hv: Hypervisor): Clock {
  let c = clocks.get(hv);
  if (!c) clocks.set(hv, (c = { base: 0, tz: 0 }));
  return c;
}

/** UTC seconds since 1970 now. */
export function wallclockSeconds(hv: Hypervisor): number {
  return wallclockOf(hv).base + Math.floor(hv.nowNs() / 1e9);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

export function formatTz(min: number): string {
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/** Calendar text of UTC seconds shifted by tz minutes: "Sat Nov 22 00:19:00 2026". */
export function formatTime(utcSeconds: number, tz: number): string {
  const d = new Date((utcSeconds + tz * 60) * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Parses `<hh:mm:ss> <day> <month> <year>` into UTC-like seconds of that calendar time. */
export function parseCalendar(hms: string, day: string, month: string, year: string): number {
  const t = /^(\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(hms);
  if (!t) throw new CmdUsageError(`bad time "${hms}" (expected hh:mm:ss)`);
  const [h, m, s] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (h > 23 || m > 59 || s > 59) throw new CmdUsageError(`bad time "${hms}"`);
  const mi = /^\d{1,2}$/.test(month) ? Number(month) - 1 : MONTHS.findIndex((x) => x.toLowerCase() === month.slice(0, 3).toLowerCase() && month.length >= 3);
  if (mi < 0 || mi > 11) throw new CmdUsageError(`bad month "${month}" (1..12 or Jan..Dec)`);
  if (!/^\d{4}$/.test(year) || Number(year) < 1970 || Number(year) > 2105) throw new CmdUsageError(`bad year "${year}" (1970..2105)`);
  if (!/^\d{1,2}$/.test(day)) throw new CmdUsageError(`bad day "${day}"`);
  const y = Number(year);
  const d = Number(day);
  const ms = Date.UTC(y, mi, d, h, m, s);
  if (d < 1 || new Date(ms).getUTCDate() !== d) throw new CmdUsageError(`bad day "${day}" for ${MONTHS[mi]} ${y}`);
  return ms / 1000;
}

export const wallclockCommand: Command<CmdContext> = {
  name: 'wallclock',
  desc: 'wall-clock commands',
  usage: [
    'wallclock get_time',
    'wallclock set_time <hh:mm:ss> <day> <month> <year>   - local time; month 1..12 or Jan..Dec',
    'wallclock get_timezone',
    'wallclock set_timezone <+/-hh:mm>',
    'The clock advances with virtual time; the host clock is never read.',
  ],
  configSymbol: 'CONFIG_CMD_WALLCLOCK',
  subcommands: ['get_time', 'set_time', 'get_timezone', 'set_timezone'],
  exec(args, io, ctx) {
    const c = wallclockOf(ctx.hv);
    switch (args[0]) {
      case 'get_time':
        argCount(args, 0, 0, '');
        io.write(`${formatTime(wallclockSeconds(ctx.hv), c.tz)} (UTC${formatTz(c.tz)})\n`);
        return CmdStatus.Ok;
      case 'set_time': {
        argCount(args, 4, 4, 'time, day, month or year');
        const local = parseCalendar(args[1]!, args[2]!, args[3]!, args[4]!);
        c.base = local - c.tz * 60 - Math.floor(ctx.hv.nowNs() / 1e9);
        io.write(`${formatTime(wallclockSeconds(ctx.hv), c.tz)} (UTC${formatTz(c.tz)})\n`);
        return CmdStatus.Ok;
      }
      case 'get_timezone':
        argCount(args, 0, 0, '');
        io.write(`UTC${formatTz(c.tz)}\n`);
        return CmdStatus.Ok;
      case 'set_timezone': {
        argCount(args, 1, 1, 'time zone');
        const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(args[1]!);
        if (!m || Number(m[3]) > 59) throw new CmdUsageError(`bad time zone "${args[1]}" (expected +hh:mm or -hh:mm)`);
        const tz = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
        if (tz < -12 * 60 || tz > 14 * 60) throw new CmdUsageError(`time zone ${args[1]} is outside -12:00..+14:00`);
        c.tz = tz;
        io.write(`UTC${formatTz(tz)}\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(args[0]);
    }
  },
};
