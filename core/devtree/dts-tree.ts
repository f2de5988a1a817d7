// The tree the DTS compiler builds before it is resolved into a DevTree:
// properties keep their references as markers (phandle or path, by label or
// by path) and their labels, nodes keep labels, deletion marks and the
// /omit-if-no-ref/ flag, everything keeps its source position. The merge
// rules are those of the Devicetree Specification v0.4 section 6 as dtc
// implements them (later definitions of a node merge into the earlier one,
// a redefined property keeps its place).

import type { SrcPos } from './errors.ts';

export type MarkerKind = 'phandle' | 'path';

export interface RefMarker {
  readonly kind: MarkerKind;
  /** Byte offset in the value (for 'path', where the path string is inserted). */
  offset: number;
  /** Label name, or a path starting with '/'. */
  readonly ref: string;
  readonly pos: SrcPos;
}

export interface DataLabel {
  readonly name: string;
  readonly offset: number;
  readonly pos: SrcPos;
}

export class DtsProp {
  deleted = false;
  constructor(
    readonly name: string,
    public value: Uint8Array,
    public markers: RefMarker[],
    public labels: string[],
    public pos: SrcPos,
    public dataLabels: DataLabel[] = [],
  ) {}
}

export class DtsNode {
  props: DtsProp[] = [];
  children: DtsNode[] = [];
  labels: string[] = [];
  deleted = false;
  omitIfNoRef = false;
  referenced = false;
  phandle = 0;
  parent: DtsNode | undefined;
  constructor(public name: string, public pos: SrcPos) {}

  path(): string {
    if (!this.parent) return '/';
    const pp = this.parent.path();
    return pp === '/' ? `/${this.name}` : `${pp}/${this.name}`;
  }

  addChild(c: DtsNode): void {
    c.parent = this;
    this.children.push(c);
  }

  liveProps(): DtsProp[] {
    return this.props.filter((p) => !p.deleted);
  }

  liveChildren(): DtsNode[] {
    return this.children.filter((c) => !c.deleted);
  }

  findProp(name: string): DtsProp | undefined {
    return this.props.find((p) => !p.deleted && p.name === name);
  }

  findChild(name: string): DtsNode | undefined {
    return this.children.find((c) => !c.deleted && c.name === name);
  }
}

/** Marks a node and its subtree deleted; its labels go with it. */
export function deleteNode(n: DtsNode): void {
  n.deleted = true;
  n.labels = [];
  // A later definition revives the node, but only what it redefines.
  for (const p of n.props) deleteProp(p);
  for (const c of n.children) deleteNode(c);
}

export function deleteProp(p: DtsProp): void {
  p.deleted = true;
  p.labels = [];
}

/** dtc puts each newly added label in front of the ones a node already has. */
export function addLabels(into: string[], from: readonly string[]): void {
  for (const l of from) if (!into.includes(l)) into.unshift(l);
}

/** Merges a later definition `src` into the existing node `dst` (dtc's rules). */
export function mergeNodes(dst: DtsNode, src: DtsNode): void {
  dst.deleted = false;
  addLabels(dst.labels, src.labels);
  if (src.omitIfNoRef) dst.omitIfNoRef = true;
  for (const p of src.props) {
    const old = dst.props.find((q) => q.name === p.name);
    if (p.deleted) {
      if (old) deleteProp(old);
      continue;
    }
    if (old) {
      old.deleted = false;
      old.value = p.value;
      old.markers = p.markers;
      old.dataLabels = p.dataLabels;
      old.pos = p.pos;
      addLabels(old.labels, p.labels);
    } else dst.props.push(p);
  }
  for (const c of src.children) {
    const old = dst.children.find((q) => q.name === c.name);
    if (c.deleted) {
      if (old) deleteNode(old);
      continue;
    }
    if (old) mergeNodes(old, c);
    else dst.addChild(c);
  }
}

/** Pre-order walk over live nodes. */
export function* walkLive(n: DtsNode): Generator<DtsNode> {
  yield n;
  for (const c of n.children) if (!c.deleted) yield* walkLive(c);
}

/** Finds a live node by label or by absolute path. */
export function lookupRef(root: DtsNode, ref: string): DtsNode | undefined {
  if (ref.startsWith('/')) return lookupPath(root, ref);
  for (const n of walkLive(root)) if (n.labels.includes(ref)) return n;
  return undefined;
}

export function lookupPath(root: DtsNode, path: string): DtsNode | undefined {
  let n: DtsNode | undefined = root;
  for (const seg of path.split('/')) {
    if (seg === '') continue;
    const cur: DtsNode = n;
    // dtc matches path components by full name, unit address included.
    n = cur.children.find((c) => !c.deleted && c.name === seg);
    if (!n) return undefined;
  }
  return n;
}
