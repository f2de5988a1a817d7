// shmem: named shared memory (Xvisor's cmd_shmem). A block made here is
// the backing that guests' shared_ram regions with `shared_mem = "<name>"`
// map (hv.sharedRam), so two guests can talk through it. `destroy` refuses
// while a guest maps the block. Sizes take K, M and G suffixes; the size
// must be whole 4 KiB pages as a guest region needs. The simulated host has
// no physical addresses, so the alignment is recorded and shown only.

import { CmdError, CmdStatus, CmdUsageError, parseNumber, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import type { RamBacking } from '../aspace/ram-backing.ts';
import type { Hypervisor } from '../hypervisor.ts';

const PAGE = 4096;
/** Largest block: the lazily allocated backing makes this cheap until touched. */
export const SHMEM_MAX = 1 << 30;

interface Shmem {
  readonly name: string;
  readonly size: number;
  readonly align: number;
  readonly backing: RamBacking;
}

const blocks = new WeakMap<Hypervisor, Map<string, Shmem>>();

function blocksOf(hv: Hypervisor): Map<string, Shmem> {
  let m = blocks.get(hv);
  if (!m) blocks.set(hv, (m = new Map()));
  return m;
}

function parseSize(text: string | undefined, what: string): number {
  const m = text === undefined ? null : /^(0x[0-9a-f]+|[0-9]+)([kmg]?)$/i.exec(text);
  if (text !== undefined && !m) throw new CmdUsageError(`bad ${what} "${text}"`);
  const n = parseNumber(m?.[1], what);
  const mul = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[(m![2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return n * mul;
}

/** Guests whose address space maps this block. */
function users(hv: Hypervisor, s: Shmem): string[] {
  return hv
    .guests()
    .filter((g) => g.aspace.ramRegions().some((r) => r.backing === s.backing))
    .map((g) => g.name);
}

export const shmemCommand: Command<CmdContext> = {
  name: 'shmem',
  desc: 'shared memory commands',
  usage: ['shmem list', 'shmem create <name> <size> [<align>]   - size/align: bytes, or with K, M, G', 'shmem destroy <name>'],
  configSymbol: 'CONFIG_CMD_SHMEM',
  subcommands: ['list', 'create', 'destroy'],
  exec(args, io, ctx) {
    const all = blocksOf(ctx.hv);
    switch (args[0]) {
      case 'list': {
        argCount(args, 0, 0, '');
        const rows = [...all.values()].map((s) => [s.name, `0x${s.size.toString(16)}`, `0x${s.align.toString(16)}`, users(ctx.hv, s).join(',') || '-']);
        io.write(formatTable([{ title: 'Name', width: 20 }, { title: 'Size', width: 12 }, { title: 'Align', width: 10 }, { title: 'Used by', width: 24 }], rows));
        return CmdStatus.Ok;
      }
      case 'create': {
        argCount(args, 2, 3, 'name or size');
        const name = args[1]!;
        if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new CmdUsageError(`bad name "${name}" (letters, digits, _ . -)`);
        const size = parseSize(args[2], 'size');
        const align = args[3] === undefined ? PAGE : parseSize(args[3], 'alignment');
        if (size === 0 || size % PAGE !== 0) throw new CmdUsageError(`size 0x${size.toString(16)} is not a non-zero multiple of 4 KiB`);
        if (size > SHMEM_MAX) throw new CmdUsageError(`size 0x${size.toString(16)} is larger than 1 GiB`);
        if (align === 0 || (align & (align - 1)) !== 0) throw new CmdUsageError(`alignment 0x${align.toString(16)} is not a power of two`);
        if (all.has(name)) throw new CmdError(`shmem ${name} exists already`, CmdStatus.Exists);
        let backing: RamBacking;
        try {
          backing = ctx.hv.sharedRam(name, size, `shmem create ${name}`);
        } catch (e) {
          throw new CmdError((e as Error).message, CmdStatus.Exists);
        }
        all.set(name, { name, size, align, backing });
        io.write(`${name}: Created (0x${size.toString(16)} bytes)\n`);
        return CmdStatus.Ok;
      }
      case 'destroy': {
        argCount(args, 1, 1, 'name');
        const s = all.get(args[1]!);
        if (!s) throw new CmdError(`Failed to find shmem ${args[1]}`, CmdStatus.NoDev);
        const u = users(ctx.hv, s);
        if (u.length > 0) throw new CmdError(`shmem ${s.name} is mapped by ${u.join(', ')}`, CmdStatus.Fail);
        all.delete(s.name);
        io.write(`${s.name}: Destroyed\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(args[0]);
    }
  },
};
