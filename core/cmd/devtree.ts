// devtree: show and edit the device tree (Xvisor's cmd_devtree):
// attr show/get/set/del and node show/dump/add/copy/del.

import { CmdError, CmdStatus, CmdUsageError, type CmdIo, type Command } from './command.ts';
import type { CmdContext } from './context.ts';
import type { DevTreeNode } from '../devtree/devtree.ts';
import { ATTR_TYPES, formatAttr, formatNode, parseAttrValue } from '../devtree/attr-value.ts';

function node(ctx: CmdContext, path: string | undefined): DevTreeNode {
  if (path === undefined) throw new CmdUsageError('missing node path');
  const n = ctx.hostTree.getNode(path);
  if (!n) throw new CmdError(`Failed to find node ${path}`, CmdStatus.NoDev);
  return n;
}

function showAttrs(io: CmdIo, n: DevTreeNode): void {
  for (const [name, v] of n.attrs) io.write(`\t${formatAttr(name, v)}\n`);
}

export const devtreeCommand: Command<CmdContext> = {
  name: 'devtree',
  desc: 'traverse the device tree',
  usage: [
    'devtree attr show <node_path>',
    'devtree attr get <node_path> <attr_name>',
    `devtree attr set <node_path> <attr_name> <attr_type> <value> [<value> ...]   (type: ${ATTR_TYPES.join('|')})`,
    'devtree attr del <node_path> <attr_name>',
    'devtree node show <node_path>',
    'devtree node dump <node_path>',
    'devtree node add <parent_path> <node_name>',
    'devtree node copy <parent_path> <node_name> <src_node_path>',
    'devtree node del <node_path>',
  ],
  configSymbol: 'CONFIG_CMD_DEVTREE',
  subcommands: ['attr', 'node'],
  exec(args, io, ctx) {
    const [kind, op, path, a1, a2, ...rest] = args;
    const exact = (n: number): void => {
      if (args.length < n) throw new CmdUsageError(`${kind} ${op}: missing arguments`);
      if (args.length > n) throw new CmdUsageError(`${kind} ${op}: too many arguments`);
    };
    if (kind === 'attr') {
      switch (op) {
        case 'show':
          exact(3);
          showAttrs(io, node(ctx, path));
          return CmdStatus.Ok;
        case 'get': {
          exact(4);
          const n = node(ctx, path);
          const v = n.getAttr(a1!);
          if (v === undefined) throw new CmdError(`${path}: no attribute ${a1}`, CmdStatus.NoDev);
          io.write(`${formatAttr(a1!, v)}\n`);
          return CmdStatus.Ok;
        }
        case 'set': {
          if (args.length < 6) throw new CmdUsageError('attr set: missing arguments');
          const n = node(ctx, path);
          let value: Uint8Array;
          try {
            value = parseAttrValue(a2!, rest, `${path}:${a1}`);
          } catch (e) {
            throw new CmdUsageError((e as Error).message);
          }
          n.setAttr(a1!, value);
          return CmdStatus.Ok;
        }
        case 'del': {
          exact(4);
          const n = node(ctx, path);
          if (!n.hasAttr(a1!)) throw new CmdError(`${path}: no attribute ${a1}`, CmdStatus.NoDev);
          n.delAttr(a1!);
          return CmdStatus.Ok;
        }
      }
      throw new CmdUsageError(op === undefined ? 'attr: missing operation' : `attr: unknown operation ${op}`);
    }
    if (kind === 'node') {
      switch (op) {
        case 'show': {
          exact(3);
          const n = node(ctx, path);
          for (const c of n.children) io.write(`${c.name}\n`);
          return CmdStatus.Ok;
        }
        case 'dump':
          exact(3);
          io.write(formatNode(node(ctx, path)));
          return CmdStatus.Ok;
        case 'add': {
          exact(4);
          const n = node(ctx, path);
          if (!/^[A-Za-z0-9,._+@-]+$/.test(a1!)) throw new CmdUsageError(`bad node name "${a1}"`);
          if (n.child(a1!)) throw new CmdError(`${path}/${a1} exists already`, CmdStatus.Exists);
          n.addChild(a1!);
          return CmdStatus.Ok;
        }
        case 'copy': {
          exact(5);
          const dst = node(ctx, path);
          const src = node(ctx, a2);
          if (dst.child(a1!)) throw new CmdError(`${path}/${a1} exists already`, CmdStatus.Exists);
          for (let p: DevTreeNode | undefined = dst; p; p = p.parent) {
            if (p === src) throw new CmdError(`cannot copy ${a2} into itself`, CmdStatus.Invalid);
          }
          dst.attachChild(src.clone(a1!));
          return CmdStatus.Ok;
        }
        case 'del': {
          exact(3);
          const n = node(ctx, path);
          if (!n.parent) throw new CmdError('cannot delete the root node', CmdStatus.Invalid);
          if (n.parent.path() === '/guests' && ctx.hv.guest(n.name)) throw new CmdError(`${path} belongs to a live guest: destroy it first`, CmdStatus.Invalid);
          n.remove();
          return CmdStatus.Ok;
        }
      }
      throw new CmdUsageError(op === undefined ? 'node: missing operation' : `node: unknown operation ${op}`);
    }
    throw new CmdUsageError(kind === undefined ? 'missing sub-command' : `unknown sub-command ${kind}`);
  },
};
