// rtcdev: the guests' real-time clocks (Xvisor's cmd_rtcdev works on host
// RTC devices; the simulated host has none, so it works on the PL031
// emulators of guests, named <guest>/<device>). Time is read from RTCDR and
// set through RTCLR by MMIO, exactly as the guest's driver would (PL031 TRM,
// ARM DDI 0224C, table 3-1), so the emulator's own rules apply.

import { CmdError, CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import { formatTime, parseCalendar } from './wallclock.ts';
import type { Guest } from '../manager/guest.ts';

const RTCDR = 0x00;
const RTCLR = 0x08;
const COMPATIBLE = ['arm,pl031', 'primecell,pl031'];

interface Rtc {
  readonly name: string;
  readonly guest: Guest;
  readonly base: number;
  readonly compatible: string;
}

function rtcs(ctx: CmdContext): Rtc[] {
  const out: Rtc[] = [];
  for (const g of ctx.hv.guests())
    for (const d of g.devemu.devices) if (COMPATIBLE.includes(d.compatible)) out.push({ name: `${g.name}/${d.name}`, guest: g, base: d.base, compatible: d.compatible });
  return out;
}

function rtc(ctx: CmdContext, name: string | undefined): Rtc {
  if (name === undefined) throw new CmdUsageError('missing rtc name');
  if (!name.includes('/')) throw new CmdUsageError(`bad rtc name "${name}" (expected <guest>/<device>)`);
  const r = rtcs(ctx).find((x) => x.name === name);
  if (!r) throw new CmdError(`Failed to find rtc ${name}`, CmdStatus.NoDev);
  return r;
}

function readCounter(r: Rtc): number {
  const a = r.guest.aspace;
  const v = a.mmioRead(r.base + RTCDR, 4, 0) >>> 0;
  if (a.fault !== 0) throw new CmdError(`${r.name}: reading RTCDR faulted`);
  return v;
}

export const rtcdevCommand: Command<CmdContext> = {
  name: 'rtcdev',
  desc: 'real-time clock device commands (guest PL031s)',
  usage: [
    'rtcdev list',
    'rtcdev get_time <guest>/<rtc>',
    'rtcdev set_time <guest>/<rtc> <hh:mm:ss> <day> <month> <year>   - UTC; month 1..12 or Jan..Dec',
  ],
  configSymbol: 'CONFIG_CMD_RTCDEV',
  subcommands: ['list', 'get_time', 'set_time'],
  exec(args, io, ctx) {
    switch (args[0]) {
      case 'list': {
        argCount(args, 0, 0, '');
        const rows = rtcs(ctx).map((r) => [r.name, r.compatible, `0x${r.base.toString(16).padStart(8, '0')}`]);
        io.write(formatTable([{ title: 'Name', width: 28 }, { title: 'Compatible', width: 18 }, { title: 'Base', width: 12 }], rows));
        return CmdStatus.Ok;
      }
      case 'get_time': {
        argCount(args, 1, 1, 'rtc name');
        const r = rtc(ctx, args[1]);
        io.write(`${formatTime(readCounter(r), 0)} (UTC)\n`);
        return CmdStatus.Ok;
      }
      case 'set_time': {
        argCount(args, 5, 5, 'rtc name, time, day, month or year');
        const r = rtc(ctx, args[1]);
        const secs = parseCalendar(args[2]!, args[3]!, args[4]!, args[5]!);
        if (secs > 0xffffffff) throw new CmdUsageError('time is beyond the 32-bit counter of a PL031');
        const a = r.guest.aspace;
        a.mmioWrite(r.base + RTCLR, 4, secs, 0, 0);
        if (a.fault !== 0) throw new CmdError(`${r.name}: writing RTCLR faulted`);
        io.write(`${formatTime(readCounter(r), 0)} (UTC)\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(args[0]);
    }
  },
};
