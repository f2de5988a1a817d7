// memory: dump, modify, copy and crc32 of memory (Xvisor's cmd_memory).
// Xvisor operates on host physical memory; the simulated host has none a
// user could want to poke, so every sub-command names a guest and works on
// that guest's physical address space (RAM and ROM regions; device windows
// are refused rather than read with side effects). CRC-32 is the IEEE 802.3
// polynomial, as core/loader/crc32.ts computes it.

import { CmdError, CmdStatus, CmdUsageError, hex, parseNumber, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, guestArg, unknownSub } from './guest-arg.ts';
import { crc32 } from '../loader/crc32.ts';
import type { Guest } from '../manager/guest.ts';

/** Largest dump or copy in one command: keeps a typo from printing megabytes. */
export const MEMORY_MAX_BYTES = 0x100000;

function width(sub: string): 1 | 2 | 4 {
  return sub.endsWith('8') ? 1 : sub.endsWith('16') ? 2 : 4;
}

function readMem(g: Guest, addr: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (!g.aspace.tryRead(addr, out)) throw new CmdError(`${g.name}: ${hex(addr)}..${hex(addr + len - 1)} is not guest RAM/ROM`, CmdStatus.Invalid);
  return out;
}

function sizeArg(text: string | undefined, unit: number, what: string): number {
  const n = parseNumber(text, what);
  if (n === 0) throw new CmdUsageError(`${what} must not be 0`);
  if (n * unit > MEMORY_MAX_BYTES) throw new CmdUsageError(`${what} ${n} is more than ${MEMORY_MAX_BYTES} bytes`);
  return n;
}

function dump(io: { write(s: string): void }, g: Guest, addr: number, w: 1 | 2 | 4, count: number): void {
  if (addr % w !== 0) throw new CmdUsageError(`address ${hex(addr)} is not aligned to ${w} bytes`);
  const bytes = readMem(g, addr, count * w);
  const dv = new DataView(bytes.buffer);
  const perLine = 16 / w;
  let line = '';
  for (let i = 0; i < count; i++) {
    if (i % perLine === 0) {
      if (line) io.write(`${line}\n`);
      line = `${hex(addr + i * w)}:`;
    }
    const v = w === 1 ? dv.getUint8(i) : w === 2 ? dv.getUint16(i * 2, true) : dv.getUint32(i * 4, true);
    line += ` ${v.toString(16).padStart(w * 2, '0')}`;
  }
  if (line) io.write(`${line}\n`);
}

export const memoryCommand: Command<CmdContext> = {
  name: 'memory',
  desc: 'memory manipulation commands (on a guest\'s physical memory)',
  usage: [
    'memory dump8 <guest> <phys_addr> [<count>]   - dump bytes (16 by default)',
    'memory dump16 <guest> <phys_addr> [<count>]  - dump half-words',
    'memory dump32 <guest> <phys_addr> [<count>]  - dump words',
    'memory modify8 <guest> <phys_addr> <value> [<value> ...]',
    'memory modify16 <guest> <phys_addr> <value> [<value> ...]',
    'memory modify32 <guest> <phys_addr> <value> [<value> ...]',
    'memory copy <guest> <dest_phys_addr> <src_phys_addr> <byte_count>',
    'memory crc32 <guest> <phys_addr> <byte_count>',
    'Addresses are guest physical addresses; values are decimal or 0x hex.',
  ],
  configSymbol: 'CONFIG_CMD_MEMORY',
  subcommands: ['dump8', 'dump16', 'dump32', 'modify8', 'modify16', 'modify32', 'copy', 'crc32'],
  exec(args, io, ctx) {
    const sub = args[0];
    switch (sub) {
      case 'dump8':
      case 'dump16':
      case 'dump32': {
        argCount(args, 2, 3, 'guest name or address');
        const g = guestArg(ctx, args[1]);
        const w = width(sub);
        const addr = parseNumber(args[2], 'address');
        const count = args[3] === undefined ? 16 : sizeArg(args[3], w, 'count');
        dump(io, g, addr, w, count);
        return CmdStatus.Ok;
      }
      case 'modify8':
      case 'modify16':
      case 'modify32': {
        argCount(args, 3, 31, 'guest name, address or value');
        const g = guestArg(ctx, args[1]);
        const w = width(sub);
        const addr = parseNumber(args[2], 'address');
        if (addr % w !== 0) throw new CmdUsageError(`address ${hex(addr)} is not aligned to ${w} bytes`);
        const max = w === 4 ? 0xffffffff : (1 << (8 * w)) - 1;
        const values = args.slice(3).map((a) => {
          const v = parseNumber(a, 'value');
          if (v > max) throw new CmdUsageError(`value ${a} does not fit in ${w * 8} bits`);
          return v;
        });
        const bytes = new Uint8Array(values.length * w);
        const dv = new DataView(bytes.buffer);
        values.forEach((v, i) => (w === 1 ? dv.setUint8(i, v) : w === 2 ? dv.setUint16(i * 2, v, true) : dv.setUint32(i * 4, v, true)));
        if (!g.aspace.tryWrite(addr, bytes, false)) throw new CmdError(`${g.name}: ${hex(addr)}..${hex(addr + bytes.length - 1)} is not guest RAM`, CmdStatus.Invalid);
        return CmdStatus.Ok;
      }
      case 'copy': {
        argCount(args, 4, 4, 'guest name, destination, source or byte count');
        const g = guestArg(ctx, args[1]);
        const dst = parseNumber(args[2], 'destination address');
        const src = parseNumber(args[3], 'source address');
        const n = sizeArg(args[4], 1, 'byte count');
        const data = readMem(g, src, n);
        if (!g.aspace.tryWrite(dst, data, false)) throw new CmdError(`${g.name}: ${hex(dst)}..${hex(dst + n - 1)} is not guest RAM`, CmdStatus.Invalid);
        io.write(`Copied ${n} (${hex(n, 0)}) bytes from ${hex(src)} to ${hex(dst)}\n`);
        return CmdStatus.Ok;
      }
      case 'crc32': {
        argCount(args, 3, 3, 'guest name, address or byte count');
        const g = guestArg(ctx, args[1]);
        const addr = parseNumber(args[2], 'address');
        const n = sizeArg(args[3], 1, 'byte count');
        const c = crc32(readMem(g, addr, n));
        io.write(`CRC32 of ${n} (${hex(n, 0)}) bytes at ${hex(addr)}: ${hex(c)}\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(sub);
    }
  },
};
