// vdisk: guests' virtual disks (Xvisor's cmd_vdisk): the virtio-blk devices
// of guests, named <guest>/<device>, and the host block device each one
// reaches. Attach and detach re-route the disk (block-registry.ts): the
// guest keeps its device; I/O while detached fails with an I/O error.

import { CmdError, CmdStatus, CmdUsageError, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import { argCount, unknownSub } from './guest-arg.ts';
import { formatTable } from './table.ts';
import { BLOCK_SERVICE, RoutedDisk, blockRegistry } from './block-registry.ts';

export interface Vdisk {
  readonly name: string;
  /** The blkdev attribute: the service name the device reached at probe. */
  readonly blkdev: string;
  /** Our routing disk behind it, when the disk came from `blockdev add`. */
  readonly disk: RoutedDisk | undefined;
}

export function vdisks(ctx: CmdContext): Vdisk[] {
  const out: Vdisk[] = [];
  for (const g of ctx.hv.guests())
    for (const d of g.devemu.devices) {
      const blkdev = d.ctx.attrString('blkdev');
      if (blkdev === undefined) continue;
      const s = ctx.hv.service<unknown>(BLOCK_SERVICE, blkdev);
      out.push({ name: `${g.name}/${d.name}`, blkdev, disk: s instanceof RoutedDisk ? s : undefined });
    }
  return out;
}

function vdisk(ctx: CmdContext, name: string): Vdisk & { disk: RoutedDisk } {
  if (!name.includes('/')) throw new CmdUsageError(`bad vdisk name "${name}" (expected <guest>/<device>)`);
  const v = vdisks(ctx).find((x) => x.name === name);
  if (!v) throw new CmdError(`Failed to find vdisk ${name}`, CmdStatus.NoDev);
  if (!v.disk) throw new CmdError(`vdisk ${name} uses block device ${v.blkdev}, which blockdev does not manage`, CmdStatus.NotAvail);
  return v as Vdisk & { disk: RoutedDisk };
}

export const vdiskCommand: Command<CmdContext> = {
  name: 'vdisk',
  desc: 'virtual disk commands',
  usage: ['vdisk list', 'vdisk info <guest>/<vdisk>', 'vdisk attach <guest>/<vdisk> <blockdev>', 'vdisk detach <guest>/<vdisk>'],
  configSymbol: 'CONFIG_CMD_VDISK',
  subcommands: ['list', 'info', 'attach', 'detach'],
  exec(args, io, ctx) {
    switch (args[0]) {
      case 'list': {
        argCount(args, 0, 0, '');
        const rows = vdisks(ctx).map((v) => [v.name, v.blkdev, v.disk ? (v.disk.route ?? '(detached)') : v.blkdev, String(v.disk?.capacity ?? '-')]);
        io.write(formatTable([{ title: 'Name', width: 24 }, { title: 'blkdev', width: 12 }, { title: 'Attached to', width: 14 }, { title: 'Bytes', width: 12, right: true }], rows));
        return CmdStatus.Ok;
      }
      case 'info': {
        argCount(args, 1, 1, 'vdisk name');
        const v = vdisk(ctx, args[1]!);
        const t = v.disk.target;
        io.write(`Name        : ${v.name}\nblkdev      : ${v.blkdev}\nCapacity    : ${v.disk.capacity} bytes (${v.disk.capacity / 512} blocks)\nAttached to : ${t ? `${t.name} (${t.path}, ${t.readOnly ? 'ro' : 'rw'})` : '(detached)'}\n`);
        return CmdStatus.Ok;
      }
      case 'attach': {
        argCount(args, 2, 2, 'vdisk or blockdev name');
        const v = vdisk(ctx, args[1]!);
        const reg = blockRegistry(ctx.hv);
        const b = reg.devices.get(args[2]!);
        if (!b) throw new CmdError(`Failed to find blockdev ${args[2]}`, CmdStatus.NoDev);
        if (v.disk.route !== null) throw new CmdError(`vdisk ${v.name} is attached to ${v.disk.route} (vdisk detach first)`, CmdStatus.Exists);
        if (b.sizeBytes !== v.disk.capacity) throw new CmdError(`blockdev ${b.name} has ${b.sizeBytes} bytes; vdisk ${v.name} has ${v.disk.capacity}`, CmdStatus.Invalid);
        v.disk.route = b.name;
        io.write(`${v.name}: Attached to ${b.name}\n`);
        return CmdStatus.Ok;
      }
      case 'detach': {
        argCount(args, 1, 1, 'vdisk name');
        const v = vdisk(ctx, args[1]!);
        if (v.disk.route === null) throw new CmdError(`vdisk ${v.name} is not attached`, CmdStatus.Invalid);
        v.disk.route = null;
        io.write(`${v.name}: Detached\n`);
        return CmdStatus.Ok;
      }
      default:
        return unknownSub(args[0]);
    }
  },
};
