// Flattened devicetree reader (Devicetree Specification v0.4, chapter 5),
// versions 16 and 17. A blob is untrusted input: every offset and length is
// checked against the blob and its blocks before use, the walk consumes at
// least four bytes per token so it always ends, nesting is bounded, and no
// allocation is larger than the blob itself. Failures are FdtErrors naming
// the byte offset.

import { FdtError } from './errors.ts';
import { DevTree, DevTreeNode } from './devtree.ts';
import { FDT_BEGIN_NODE, FDT_END, FDT_END_NODE, FDT_HEADER_SIZE, FDT_MAGIC, FDT_NOP, FDT_PROP } from './fdt-write.ts';

/** Deeper than any real tree; bounds recursion in every later tree walk. */
export const FDT_MAX_DEPTH = 256;

export interface FdtHeader {
  readonly magic: number;
  readonly totalsize: number;
  readonly offDtStruct: number;
  readonly offDtStrings: number;
  readonly offMemRsvmap: number;
  readonly version: number;
  readonly lastCompVersion: number;
  readonly bootCpuidPhys: number;
  readonly sizeDtStrings: number;
  readonly sizeDtStruct: number;
}

/**
 * Where things were in the blob a tree was read from, so that an unchanged
 * tree can be written back byte for byte (writeFdt's preserveLayout).
 */
export interface FdtLayout {
  readonly header: FdtHeader;
  readonly strings: Uint8Array;
  readonly nameoffs: WeakMap<DevTreeNode, Map<string, number>>;
  /** Padding bytes as found (libfdt can leave non-zero bytes there), by node and property. */
  readonly pads: WeakMap<DevTreeNode, { name: Uint8Array; props: Map<string, Uint8Array> }>;
}

const layouts = new WeakMap<DevTree, FdtLayout>();

export function fdtLayoutOf(tree: DevTree): FdtLayout | undefined {
  return layouts.get(tree);
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

export function readFdtHeader(blob: Uint8Array): FdtHeader {
  if (blob.length < 4) throw new FdtError(0, `blob of ${blob.length} bytes is too short for a header`);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const magic = dv.getUint32(0);
  if (magic !== FDT_MAGIC) throw new FdtError(0, `bad magic 0x${magic.toString(16)} (expected 0xd00dfeed)`);
  if (blob.length < 28) throw new FdtError(0, `blob of ${blob.length} bytes is too short for a header`);
  const version = dv.getUint32(20);
  if (version < 16 || version > 17) {
    if (!(version > 17 && dv.getUint32(24) <= 17)) throw new FdtError(20, `unsupported version ${version}`);
  }
  const hsize = version >= 17 ? FDT_HEADER_SIZE : 36;
  if (blob.length < hsize) throw new FdtError(0, `blob of ${blob.length} bytes is too short for a v${version} header`);
  const h: FdtHeader = {
    magic,
    totalsize: dv.getUint32(4),
    offDtStruct: dv.getUint32(8),
    offDtStrings: dv.getUint32(12),
    offMemRsvmap: dv.getUint32(16),
    version,
    lastCompVersion: dv.getUint32(24),
    bootCpuidPhys: dv.getUint32(28),
    sizeDtStrings: dv.getUint32(32),
    sizeDtStruct: version >= 17 ? dv.getUint32(36) : 0,
  };
  if (h.lastCompVersion > 17) throw new FdtError(24, `last compatible version ${h.lastCompVersion} is newer than 17`);
  if (h.totalsize < hsize) throw new FdtError(4, `totalsize ${h.totalsize} is smaller than the header`);
  if (h.totalsize > blob.length) throw new FdtError(4, `totalsize ${h.totalsize} is past the end of the ${blob.length}-byte blob (truncated?)`);
  const within = (off: number, size: number, field: number, what: string): void => {
    if (off < hsize || off > h.totalsize || size > h.totalsize - off) {
      throw new FdtError(field, `${what} (offset 0x${off.toString(16)}, size 0x${size.toString(16)}) is outside the blob of 0x${h.totalsize.toString(16)} bytes`);
    }
  };
  within(h.offMemRsvmap, 16, 16, 'memory reservation block');
  if (h.offMemRsvmap % 8 !== 0) throw new FdtError(16, `memory reservation block offset 0x${h.offMemRsvmap.toString(16)} is not 8-byte aligned`);
  if (h.offDtStruct % 4 !== 0) throw new FdtError(8, `structure block offset 0x${h.offDtStruct.toString(16)} is not 4-byte aligned`);
  within(h.offDtStruct, version >= 17 ? h.sizeDtStruct : 4, 8, 'structure block');
  within(h.offDtStrings, h.sizeDtStrings, 12, 'strings block');
  return h;
}

export function readFdt(blob: Uint8Array): DevTree {
  const h = readFdtHeader(blob);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const memreserves: { address: bigint; size: bigint }[] = [];
  for (let o = h.offMemRsvmap; ; o += 16) {
    if (o + 16 > h.totalsize) throw new FdtError(o, 'memory reservation block has no terminating entry');
    const address = dv.getBigUint64(o);
    const size = dv.getBigUint64(o + 8);
    if (address === 0n && size === 0n) break;
    memreserves.push({ address, size });
  }
  const structEnd = h.version >= 17 ? h.offDtStruct + h.sizeDtStruct : h.totalsize;
  const strStart = h.offDtStrings;
  const strEnd = h.offDtStrings + h.sizeDtStrings;
  let o = h.offDtStruct;
  const u32 = (): number => {
    if (o + 4 > structEnd) throw new FdtError(o, 'structure block ends in the middle of a token');
    const v = dv.getUint32(o);
    o += 4;
    return v;
  };
  const cstr = (from: number, end: number, what: string): [string, number] => {
    let e = from;
    while (e < end && blob[e] !== 0) e++;
    if (e >= end) throw new FdtError(from, `unterminated ${what}`);
    return [latin1.decode(blob.subarray(from, e)), e];
  };
  const nameoffs = new WeakMap<DevTreeNode, Map<string, number>>();
  const pads = new WeakMap<DevTreeNode, { name: Uint8Array; props: Map<string, Uint8Array> }>();
  const stack: DevTreeNode[] = [];
  let root: DevTreeNode | undefined;
  for (;;) {
    const at = o;
    const tok = u32();
    if (tok === FDT_NOP) continue;
    if (tok === FDT_BEGIN_NODE) {
      if (root && stack.length === 0) throw new FdtError(at, 'a second root node after the end of the first');
      const [rawName, e] = cstr(o, structEnd, 'node name');
      const namePad = blob.slice(e + 1, Math.min((e + 4) & ~3, structEnd));
      o = (e + 4) & ~3;
      if (stack.length >= FDT_MAX_DEPTH) throw new FdtError(at, `nodes nested deeper than ${FDT_MAX_DEPTH}`);
      const name = utf8.decode(blob.subarray(at + 4, at + 4 + rawName.length));
      const n = new DevTreeNode(name);
      if (stack.length === 0) root = n;
      else {
        const p = stack[stack.length - 1];
        n.parent = p;
        p.children.push(n);
      }
      stack.push(n);
      pads.set(n, { name: namePad, props: new Map() });
      continue;
    }
    if (tok === FDT_PROP) {
      const n = stack[stack.length - 1];
      if (!n) throw new FdtError(at, 'property outside any node');
      const len = u32();
      const nameoff = u32();
      if (len > structEnd - o) throw new FdtError(at, `property length ${len} runs past the structure block`);
      if (nameoff >= h.sizeDtStrings) throw new FdtError(at + 8, `property name offset ${nameoff} is outside the strings block (${h.sizeDtStrings} bytes)`);
      const [rawProp, pe] = cstr(strStart + nameoff, strEnd, 'property name in the strings block');
      const name = rawProp.length === 0 ? '' : utf8.decode(blob.subarray(pe - rawProp.length, pe));
      if (n.children.length > 0) throw new FdtError(at, `property ${name} of ${n.path()} after a subnode`);
      if (n.attrs.has(name)) throw new FdtError(at, `duplicate property ${name} in ${n.path()}`);
      n.attrs.set(name, blob.slice(o, o + len));
      let offs = nameoffs.get(n);
      if (!offs) nameoffs.set(n, (offs = new Map()));
      offs.set(name, nameoff);
      pads.get(n)!.props.set(name, blob.slice(o + len, Math.min((o + len + 3) & ~3, structEnd)));
      o = (o + len + 3) & ~3;
      continue;
    }
    if (tok === FDT_END_NODE) {
      if (stack.length === 0) throw new FdtError(at, 'END_NODE without a matching BEGIN_NODE');
      stack.pop();
      continue;
    }
    if (tok === FDT_END) {
      if (stack.length > 0) throw new FdtError(at, `END inside node ${stack[stack.length - 1].path()}`);
      if (!root) throw new FdtError(at, 'no root node');
      break;
    }
    throw new FdtError(at, `bad structure token 0x${tok.toString(16)}`);
  }
  const tree = new DevTree(root);
  tree.memreserves = memreserves;
  tree.bootCpuidPhys = h.bootCpuidPhys;
  layouts.set(tree, { header: h, strings: blob.slice(strStart, strEnd), nameoffs, pads });
  return tree;
}
