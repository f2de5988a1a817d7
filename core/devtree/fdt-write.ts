// Flattened devicetree writer, version 17 (Devicetree Specification v0.4,
// chapter 5): header, memory reservation block, structure block, strings
// block, laid out as `dtc -O dtb` lays them out: reservation map right after
// the 40-byte header, structure block after it, strings block last and not
// padded; a property name reuses an earlier string when it equals the tail
// of one already in the table.

import type { DevTree, DevTreeNode } from './devtree.ts';
import type { FdtLayout } from './fdt-read.ts';

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_NOP = 4;
export const FDT_END = 9;
export const FDT_HEADER_SIZE = 40;

const enc = new TextEncoder();

class Grow {
  buf = new Uint8Array(256);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const nb = new Uint8Array(size);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }
  u32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.len, v >>> 0);
    this.len += 4;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  align4(): void {
    const pad = (4 - (this.len & 3)) & 3;
    this.ensure(pad);
    this.buf.fill(0, this.len, this.len + pad);
    this.len += pad;
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** dtc's string table: reuse an existing string that ends with the name. */
class StringTable {
  private text = '';
  private readonly cache = new Map<string, number>();
  offsetOf(name: string): number {
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit;
    const key = name + '\0';
    let off = this.text.indexOf(key);
    if (off < 0) {
      off = this.text.length;
      this.text += key;
    }
    this.cache.set(name, off);
    return off;
  }
  bytes(): Uint8Array {
    return enc.encode(this.text);
  }
}

export interface FdtWriteOptions {
  /** boot_cpuid_phys; defaults to the tree's. */
  readonly bootCpuid?: number;
  /**
   * The layout of the blob the tree was read from (fdtLayoutOf): keep its
   * block offsets, total size, string table and name offsets where they
   * still fit, so an unchanged tree comes back byte for byte.
   */
  readonly preserveLayout?: FdtLayout;
  /** dtc -R: this many extra empty reservation entries (room for a loader). */
  readonly extraReserve?: number;
  /** dtc -p: free bytes added at the end (room for in-place edits). */
  readonly padding?: number;
  /** dtc -S: make the blob at least this long. */
  readonly minSize?: number;
  /** dtc -a: round the blob size up to this power of two. */
  readonly align?: number;
}

export function writeFdt(tree: DevTree, opts: FdtWriteOptions = {}): Uint8Array {
  const lay = opts.preserveLayout;
  if (lay) {
    const out = writePreserving(tree, lay, opts);
    if (out) return out;
  }
  const strings = new StringTable();
  const st = new Grow();
  const emit = (n: DevTreeNode): void => {
    st.u32(FDT_BEGIN_NODE);
    st.bytes(enc.encode(n.name));
    st.bytes(new Uint8Array(1));
    st.align4();
    for (const [name, value] of n.attrs) {
      st.u32(FDT_PROP);
      st.u32(value.length);
      st.u32(strings.offsetOf(name));
      st.bytes(value);
      st.align4();
    }
    for (const c of n.children) emit(c);
    st.u32(FDT_END_NODE);
  };
  emit(tree.root);
  st.u32(FDT_END);
  const structBytes = st.done();
  const strBytes = strings.bytes();
  const rsvOff = FDT_HEADER_SIZE;
  const rsvSize = (tree.memreserves.length + 1 + (opts.extraReserve ?? 0)) * 16;
  const structOff = rsvOff + rsvSize;
  const stringsOff = structOff + structBytes.length;
  let total = stringsOff + strBytes.length;
  if (opts.padding !== undefined) total += opts.padding;
  if (opts.minSize !== undefined) total = Math.max(total, opts.minSize);
  if (opts.align !== undefined && opts.align > 0) total = Math.ceil(total / opts.align) * opts.align;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, FDT_MAGIC);
  dv.setUint32(4, total);
  dv.setUint32(8, structOff);
  dv.setUint32(12, stringsOff);
  dv.setUint32(16, rsvOff);
  dv.setUint32(20, 17);
  dv.setUint32(24, 16);
  dv.setUint32(28, (opts.bootCpuid ?? tree.bootCpuidPhys) >>> 0);
  dv.setUint32(32, strBytes.length);
  dv.setUint32(36, structBytes.length);
  tree.memreserves.forEach((m, i) => {
    dv.setBigUint64(rsvOff + i * 16, BigInt.asUintN(64, m.address));
    dv.setBigUint64(rsvOff + i * 16 + 8, BigInt.asUintN(64, m.size));
  });
  out.set(structBytes, structOff);
  out.set(strBytes, stringsOff);
  return out;
}

function writePreserving(tree: DevTree, lay: FdtLayout, opts: FdtWriteOptions): Uint8Array | undefined {
  const h = lay.header;
  let strText = new TextDecoder('latin1').decode(lay.strings);
  const st = new Grow();
  const padTo4 = (pad: Uint8Array | undefined): void => {
    const need = (4 - (st.len & 3)) & 3;
    if (pad && pad.length === need) st.bytes(pad);
    else st.align4();
  };
  const emit = (n: DevTreeNode): void => {
    const pads = lay.pads.get(n);
    st.u32(FDT_BEGIN_NODE);
    st.bytes(enc.encode(n.name));
    st.bytes(new Uint8Array(1));
    padTo4(pads?.name);
    const offs = lay.nameoffs.get(n);
    for (const [name, value] of n.attrs) {
      let off = offs?.get(name);
      if (off === undefined) {
        off = strText.indexOf(name + '\0');
        if (off < 0) {
          off = strText.length;
          strText += name + '\0';
        }
      }
      st.u32(FDT_PROP);
      st.u32(value.length);
      st.u32(off);
      st.bytes(value);
      padTo4(pads?.props.get(name));
    }
    for (const c of n.children) emit(c);
    st.u32(FDT_END_NODE);
  };
  emit(tree.root);
  st.u32(FDT_END);
  const structBytes = st.done();
  const strBytes = Uint8Array.from(strText, (c) => c.charCodeAt(0));
  const rsvSize = (tree.memreserves.length + 1) * 16;
  const blocks = [
    [h.offMemRsvmap, rsvSize],
    [h.offDtStruct, structBytes.length],
    [h.offDtStrings, strBytes.length],
  ].sort((a, b) => a[0] - b[0]);
  if (blocks[0][0] < FDT_HEADER_SIZE) return undefined;
  for (let i = 0; i + 1 < blocks.length; i++) if (blocks[i][0] + blocks[i][1] > blocks[i + 1][0]) return undefined;
  const end = blocks[2][0] + blocks[2][1];
  const total = Math.max(h.totalsize, end);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, FDT_MAGIC);
  dv.setUint32(4, total);
  dv.setUint32(8, h.offDtStruct);
  dv.setUint32(12, h.offDtStrings);
  dv.setUint32(16, h.offMemRsvmap);
  dv.setUint32(20, 17);
  dv.setUint32(24, 16);
  dv.setUint32(28, (opts.bootCpuid ?? tree.bootCpuidPhys) >>> 0);
  dv.setUint32(32, strBytes.length);
  dv.setUint32(36, structBytes.length);
  tree.memreserves.forEach((m, i) => {
    dv.setBigUint64(h.offMemRsvmap + i * 16, BigInt.asUintN(64, m.address));
    dv.setBigUint64(h.offMemRsvmap + i * 16 + 8, BigInt.asUintN(64, m.size));
  });
  out.set(structBytes, h.offDtStruct);
  out.set(strBytes, h.offDtStrings);
  return out;
}
