// blockdev: host block devices (Xvisor's cmd_blockdev): disk image files
// opened by the front end (drivers/block/block-file.ts) and offered to
// guests' virtio-blk devices as host service ('block', <name>).

import { CmdError, CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import { blockRegistry } from './block-registry.ts';
import { vdisks } from './vdisk.ts';

function size(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

export const blockdevCommand: Command<CmdContext> = {
  name: 'blockdev',
  desc: 'block device commands',
  usage: ['blockdev list', 'blockdev info <name>', 'blockdev add <name> <file> [ro]   - a disk image file (size a multiple of 512 bytes)', 'blockdev remove <name>'],
  configSymbol: 'CONFIG_CMD_BLOCKDEV',
  subcommands: ['list', 'info', 'add', 'remove'],
  exec(args, io, ctx) {
    const reg = blockRegistry(ctx.hv);
    const dev = (name: string) => {
      const d = reg.devices.get(name);
      if (!d) throw new CmdError(`Failed to find blockdev ${name}`, CmdStatus.NoDev);
      return d;
    };
    switch (args[0]) {
      case 'list': {
        argCount(args, 0, 0, '');
        const rows = [...reg.devices.values()].map((d) => [d.name, String(d.sizeBytes / 512), size(d.sizeBytes), d.readOnly ? 'ro' : 'rw', d.path]);
        io.write(
          formatTable(
            [{ title: 'Name', width: 12 }, { title: 'Blocks', width: 10, right: true }, { title: 'Size', width: 11, right: true }, { title: 'Mode', width: 4 }, { title: 'File', width: 30 }],
            rows,
          ),
        );
        return CmdStatus.Ok;
      }
      case 'info': {
        argCount(args, 1, 1, 'blockdev name');
        const d = dev(args[1]!);
        const users = vdisks(ctx)
          .filter((v) => v.disk?.route === d.name)
          .map((v) => v.name);
        io.write(`Name        : ${d.name}\nFile        : ${d.path}\nBlock size  : 512\nBlocks      : ${d.sizeBytes / 512}\nSize        : ${size(d.sizeBytes)}\nMode        : ${d.readOnly ? 'read-only' : 'read-write'}\nSerial      : ${d.serial}\nUsed by     : ${users.join(', ') || '-'}\n`);
        return CmdStatus.Ok;
      }
      case 'add': {
        argCount(args, 2, 3, 'name or file');
        const [, name, file, mode] = args as [string, string, string, string?];
        if (mode !== undefined && mode !== 'ro') throw new CmdUsageError(`bad mode "${mode}" (only ro)`);
        if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new CmdUsageError(`bad name "${name}" (letters, digits, _ . -)`);
        if (!ctx.openBlockFile) throw new CmdError('this front end cannot open block devices', CmdStatus.NotAvail);
        if (reg.devices.has(name)) throw new CmdError(`blockdev ${name} exists already`, CmdStatus.Exists);
        let d;
        try {
          d = ctx.openBlockFile(name, file, mode === 'ro');
          reg.add(d);
        } catch (e) {
          throw new CmdError((e as Error).message);
        }
        io.write(`${name}: Added (${d.sizeBytes / 512} blocks, ${d.readOnly ? 'ro' : 'rw'})\n`);
        return CmdStatus.Ok;
      }
      case 'remove': {
        argCount(args, 1, 1, 'blockdev name');
        const d = dev(args[1]!);
        const users = vdisks(ctx).filter((v) => v.disk?.route === d.name);
        if (users.length > 0) throw new CmdError(`blockdev ${d.name} is attached to ${users.map((v) => v.name).join(', ')} (vdisk detach first)`);
        for (const r of reg.routesTo(d.name)) r.route = null;
        reg.devices.delete(d.name);
        d.close();
        io.write(`${d.name}: Removed\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(args[0]);
    }
  },
};
