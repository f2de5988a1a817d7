// The device tree the hypervisor works with (Xvisor's vmm_devtree): nodes by
// path, by alias and by phandle, typed attribute getters (Devicetree
// Specification v0.4 section 2.3 standard properties: #address-cells,
// #size-cells, reg, interrupts, phandle, aliases), editing (add, copy,
// delete nodes and attributes: what the `devtree` command does) with change
// notifications on an rxjs Subject (control plane only), and typed errors.

import { Subject } from 'rxjs';
import { DevTreeError } from './errors.ts';
import { decodeStrings, decodeU32s, encodeStrings, encodeU32s, encodeU64s, readCells } from './values.ts';

export type DevTreeChange =
  | { readonly kind: 'node-added'; readonly path: string }
  | { readonly kind: 'node-removed'; readonly path: string }
  | { readonly kind: 'attr-set'; readonly path: string; readonly name: string }
  | { readonly kind: 'attr-removed'; readonly path: string; readonly name: string };

export interface RegEntry {
  readonly address: bigint;
  readonly size: bigint;
}

export interface MemReserveEntry {
  readonly address: bigint;
  readonly size: bigint;
}

const NODE_NAME = /^[a-zA-Z0-9,._+-]+(@[a-zA-Z0-9,._+-]*)?$/;
const ATTR_NAME = /^[a-zA-Z0-9,._+?#-]+$/;

export class DevTreeNode {
  parent: DevTreeNode | undefined;
  /** Attributes in definition order (Map keeps it; replacing a value keeps the place). */
  readonly attrs = new Map<string, Uint8Array>();
  readonly children: DevTreeNode[] = [];
  /** Source labels (kept from DTS for printing; a blob has none). */
  labels: string[] = [];
  /** The tree this node belongs to, for change notifications. */
  tree: DevTree | undefined;

  constructor(public name: string) {}

  path(): string {
    if (!this.parent) return '/';
    const pp = this.parent.path();
    return pp === '/' ? `/${this.name}` : `${pp}/${this.name}`;
  }

  /** A child by full name, or by base name when unambiguous without a unit address. */
  child(name: string): DevTreeNode | undefined {
    return this.children.find((c) => c.name === name) ??
      (name.includes('@') ? undefined : this.children.find((c) => c.name.split('@')[0] === name));
  }

  /** A descendant by relative path ("a/b@1/c"). */
  lookup(rel: string): DevTreeNode | undefined {
    let n: DevTreeNode | undefined = this;
    for (const seg of rel.split('/')) {
      if (seg === '') continue;
      n = n.child(seg);
      if (!n) return undefined;
    }
    return n;
  }

  *walk(): Generator<DevTreeNode> {
    yield this;
    for (const c of this.children) yield* c.walk();
  }

  get phandle(): number {
    const v = this.attrs.get('phandle') ?? this.attrs.get('linux,phandle');
    return v && v.length === 4 ? decodeU32s(v)[0] : 0;
  }

  hasAttr(name: string): boolean {
    return this.attrs.has(name);
  }

  getAttr(name: string): Uint8Array | undefined {
    return this.attrs.get(name);
  }

  private need(name: string): Uint8Array {
    const v = this.attrs.get(name);
    if (v === undefined) throw new DevTreeError(this.path(), `attribute ${name} not found`);
    return v;
  }

  readU32(name: string, index = 0): number {
    const v = this.need(name);
    if (v.length < (index + 1) * 4) throw new DevTreeError(this.path(), `attribute ${name} has no u32 at index ${index} (${v.length} bytes)`);
    return new DataView(v.buffer, v.byteOffset, v.byteLength).getUint32(index * 4);
  }

  /** u32 or u64 by length, as Xvisor's vmm_devtree_read_u64 accepts both. */
  readU64(name: string, index = 0): bigint {
    const v = this.need(name);
    if (v.length === 4 && index === 0) return BigInt(this.readU32(name));
    if (v.length < (index + 1) * 8) throw new DevTreeError(this.path(), `attribute ${name} has no u64 at index ${index} (${v.length} bytes)`);
    return new DataView(v.buffer, v.byteOffset, v.byteLength).getBigUint64(index * 8);
  }

  readU32Array(name: string): number[] {
    const v = this.need(name);
    if (v.length % 4 !== 0) throw new DevTreeError(this.path(), `attribute ${name} is not a list of u32 (${v.length} bytes)`);
    return decodeU32s(v);
  }

  readString(name: string): string {
    const v = this.need(name);
    if (v.length === 0 || v[v.length - 1] !== 0) throw new DevTreeError(this.path(), `attribute ${name} is not a string`);
    return decodeStrings(v)[0];
  }

  readStringList(name: string): string[] {
    const v = this.need(name);
    if (v.length > 0 && v[v.length - 1] !== 0) throw new DevTreeError(this.path(), `attribute ${name} is not a string list`);
    return decodeStrings(v);
  }

  /** Index of `s` in a string-list attribute, or -1. */
  matchString(name: string, s: string): number {
    const v = this.attrs.get(name);
    return v ? decodeStrings(v).indexOf(s) : -1;
  }

  isCompatible(compat: string): boolean {
    return this.matchString('compatible', compat) >= 0;
  }

  /** #address-cells this node gives its children (default 2, spec 2.3.5). */
  ownAddressCells(): number {
    return this.attrs.has('#address-cells') ? this.readU32('#address-cells') : 2;
  }

  /** #size-cells this node gives its children (default 1, spec 2.3.5). */
  ownSizeCells(): number {
    return this.attrs.has('#size-cells') ? this.readU32('#size-cells') : 1;
  }

  /** reg decoded with the parent's #address-cells and #size-cells. */
  reg(): RegEntry[] {
    const v = this.attrs.get('reg');
    if (v === undefined) return [];
    const ac = this.parent ? this.parent.ownAddressCells() : 2;
    const sc = this.parent ? this.parent.ownSizeCells() : 1;
    const per = (ac + sc) * 4;
    if (per === 0 || v.length % per !== 0) {
      throw new DevTreeError(this.path(), `reg is ${v.length} bytes, not a multiple of (${ac}+${sc}) cells`);
    }
    if (ac > 2 || sc > 2) throw new DevTreeError(this.path(), `reg with #address-cells ${ac} / #size-cells ${sc} does not fit 64 bits`);
    const out: RegEntry[] = [];
    for (let i = 0; i < v.length / per; i++) {
      out.push({ address: readCells(v, i * (ac + sc), ac), size: readCells(v, i * (ac + sc) + ac, sc) });
    }
    return out;
  }

  /** The interrupt parent: interrupt-parent phandle, else the nearest ancestor's. */
  interruptParent(): DevTreeNode | undefined {
    for (let n: DevTreeNode | undefined = this; n; n = n.parent) {
      if (n.attrs.has('interrupt-parent')) {
        const ph = n.readU32('interrupt-parent');
        return this.tree?.getNodeByPhandle(ph);
      }
    }
    return undefined;
  }

  /** interrupts split into specifiers of the controller's #interrupt-cells (1 if unknown). */
  interrupts(): number[][] {
    const v = this.attrs.get('interrupts');
    if (v === undefined) return [];
    const ctrl = this.interruptParent();
    const cells = ctrl && ctrl.attrs.has('#interrupt-cells') ? ctrl.readU32('#interrupt-cells') : 1;
    const all = this.readU32Array('interrupts');
    if (cells === 0 || all.length % cells !== 0) {
      throw new DevTreeError(this.path(), `interrupts has ${all.length} cells, not a multiple of #interrupt-cells ${cells}`);
    }
    const out: number[][] = [];
    for (let i = 0; i < all.length; i += cells) out.push(all.slice(i, i + cells));
    return out;
  }

  setAttr(name: string, value: Uint8Array): void {
    if (!ATTR_NAME.test(name)) throw new DevTreeError(this.path(), `bad attribute name "${name}"`);
    this.attrs.set(name, value);
    this.tree?.emit({ kind: 'attr-set', path: this.path(), name });
  }

  setU32(name: string, ...vals: number[]): void {
    this.setAttr(name, encodeU32s(vals));
  }

  setU64(name: string, ...vals: (bigint | number)[]): void {
    this.setAttr(name, encodeU64s(vals));
  }

  setString(name: string, ...vals: string[]): void {
    this.setAttr(name, encodeStrings(vals));
  }

  delAttr(name: string): void {
    if (!this.attrs.delete(name)) throw new DevTreeError(this.path(), `attribute ${name} not found`);
    this.tree?.emit({ kind: 'attr-removed', path: this.path(), name });
  }

  /** Adds an empty child; refuses a duplicate name. */
  addChild(name: string): DevTreeNode {
    if (!NODE_NAME.test(name)) throw new DevTreeError(this.path(), `bad node name "${name}"`);
    if (this.children.some((c) => c.name === name)) throw new DevTreeError(this.path(), `node ${name} already exists`);
    const n = new DevTreeNode(name);
    this.attachChild(n);
    return n;
  }

  /** Attaches an existing detached node (and its subtree) as the last child. */
  attachChild(n: DevTreeNode): void {
    if (this.children.some((c) => c.name === n.name)) throw new DevTreeError(this.path(), `node ${n.name} already exists`);
    n.parent = this;
    this.children.push(n);
    for (const d of n.walk()) d.tree = this.tree;
    this.tree?.emit({ kind: 'node-added', path: n.path() });
  }

  /** Detaches this node from its parent. */
  remove(): void {
    const p = this.parent;
    if (!p) throw new DevTreeError('/', 'cannot delete the root node');
    const path = this.path();
    p.children.splice(p.children.indexOf(this), 1);
    this.parent = undefined;
    const tree = this.tree;
    for (const d of this.walk()) d.tree = undefined;
    tree?.emit({ kind: 'node-removed', path });
  }

  /** A deep copy, detached, optionally renamed. */
  clone(name = this.name): DevTreeNode {
    const n = new DevTreeNode(name);
    n.labels = [...this.labels];
    for (const [k, v] of this.attrs) n.attrs.set(k, v.slice());
    for (const c of this.children) {
      const cc = c.clone();
      cc.parent = n;
      n.children.push(cc);
    }
    return n;
  }
}

export class DevTree {
  readonly root: DevTreeNode;
  memreserves: MemReserveEntry[] = [];
  bootCpuidPhys = 0;
  readonly changes = new Subject<DevTreeChange>();

  constructor(root?: DevTreeNode) {
    this.root = root ?? new DevTreeNode('');
    for (const n of this.root.walk()) n.tree = this;
  }

  emit(c: DevTreeChange): void {
    this.changes.next(c);
  }

  /** Alias name -> path, from /aliases. */
  aliases(): Map<string, string> {
    const out = new Map<string, string>();
    const a = this.root.child('aliases');
    if (!a) return out;
    for (const [k, v] of a.attrs) if (v.length > 0 && v[v.length - 1] === 0) out.set(k, decodeStrings(v)[0]);
    return out;
  }

  /** A node by absolute path, or by alias ("serial0" or "serial0/sub"). */
  getNode(path: string): DevTreeNode | undefined {
    if (path.startsWith('/')) return this.root.lookup(path);
    const [head, ...rest] = path.split('/');
    const target = this.aliases().get(head);
    if (target === undefined || !target.startsWith('/')) return undefined;
    const base = this.root.lookup(target);
    return base && rest.length > 0 ? base.lookup(rest.join('/')) : base;
  }

  /** Like getNode, but throws a DevTreeError naming the path. */
  node(path: string): DevTreeNode {
    const n = this.getNode(path);
    if (!n) throw new DevTreeError(path, 'node not found');
    return n;
  }

  getNodeByPhandle(ph: number): DevTreeNode | undefined {
    if (ph === 0 || ph === 0xffffffff) return undefined;
    for (const n of this.root.walk()) if (n.phandle === ph) return n;
    return undefined;
  }

  /** Every node whose compatible list contains `compat`, in tree order. */
  findCompatible(compat: string): DevTreeNode[] {
    return [...this.root.walk()].filter((n) => n.isCompatible(compat));
  }

  /** Every node with device_type = `type` (e.g. "cpu", "memory"), in tree order. */
  findDeviceType(type: string): DevTreeNode[] {
    return [...this.root.walk()].filter((n) => n.matchString('device_type', type) === 0);
  }

  /** The highest phandle in use (new phandles go above it). */
  maxPhandle(): number {
    let m = 0;
    for (const n of this.root.walk()) m = Math.max(m, n.phandle);
    return m;
  }

  addNode(parentPath: string, name: string): DevTreeNode {
    return this.node(parentPath).addChild(name);
  }

  /** Copies the subtree at `srcPath` to `dstParentPath/newName` (devtree node copy). */
  copyNode(dstParentPath: string, newName: string, srcPath: string): DevTreeNode {
    const src = this.node(srcPath);
    const dst = this.node(dstParentPath);
    for (let a: DevTreeNode | undefined = dst; a; a = a.parent) {
      if (a === src) throw new DevTreeError(srcPath, `cannot copy a node into its own subtree ${dstParentPath}`);
    }
    const c = src.clone(newName);
    dst.attachChild(c);
    return c;
  }

  deleteNode(path: string): void {
    this.node(path).remove();
  }

  setAttr(path: string, name: string, value: Uint8Array): void {
    this.node(path).setAttr(name, value);
  }

  delAttr(path: string, name: string): void {
    this.node(path).delAttr(name);
  }
}
