// Turns a parsed DTS tree into a DevTree the way dtc does after parsing:
// the error checks dtc refuses to go past (duplicate names and labels, bad
// or duplicate explicit phandles, references to nothing), phandle
// assignment (explicit ones first, then the lowest free value for each
// referenced node in tree order, as a "phandle" property appended to the
// node), path references, /omit-if-no-ref/ removal, and for -@ and /plugin/
// the __symbols__, __fixups__ and __local_fixups__ nodes (dtc manual,
// "Device Tree Overlays"; Linux Documentation/devicetree/overlay-notes).

import { DtsError, type SrcPos } from './errors.ts';
import { DevTree, DevTreeNode } from './devtree.ts';
import { DtsNode, DtsProp, deleteNode, lookupRef, walkLive } from './dts-tree.ts';
import type { ParsedDts } from './dts-parse.ts';
import { decodeStrings, encodeStrings, encodeU32s } from './values.ts';

export interface ResolveOptions {
  /** dtc -@: emit __symbols__ (and give every labelled node a phandle). */
  readonly symbols?: boolean;
  /** dtc -b: boot_cpuid_phys for the header. */
  readonly bootCpuid?: number;
}

/** Several check failures at once, as dtc reports them all before aborting. */
export class DtsCheckError extends DtsError {
  override name = 'DtsCheckError';
  constructor(readonly errors: readonly DtsError[]) {
    super(undefined, errors.map((e) => e.message).join('\n'), errors[0].check);
    (this as { pos: SrcPos | undefined }).pos = errors[0].pos;
  }
}

const enc = new TextEncoder();

class Resolver {
  private readonly errors: DtsError[] = [];
  private nextPhandle = 1;
  private readonly usedPhandles = new Set<number>();
  private readonly unresolved: { node: DtsNode; prop: DtsProp; offset: number; ref: string }[] = [];
  private readonly localRefs: { node: DtsNode; prop: DtsProp; offset: number }[] = [];

  constructor(private readonly root: DtsNode, private readonly parsed: ParsedDts, private readonly opts: ResolveOptions) {}

  private fail(pos: SrcPos | undefined, check: string, node: string | undefined, msg: string): void {
    this.errors.push(new DtsError(pos, msg, check, node));
  }

  private flush(): void {
    if (this.errors.length > 0) throw new DtsCheckError(this.errors.splice(0));
  }

  run(): DevTree {
    this.checkDuplicates();
    this.checkNameChars();
    this.checkLabels();
    this.explicitPhandles();
    this.flush();
    this.nameProperties();
    this.flush();
    this.fixReferences();
    this.flush();
    this.omitUnused();
    if (this.opts.symbols) this.symbols();
    if (this.parsed.plugin) this.fixups();
    return this.toDevTree();
  }

  private checkNameChars(): void {
    for (const n of walkLive(this.root)) {
      const bad = /[^a-zA-Z0-9,._+@-]/.exec(n.name);
      if (bad) this.fail(n.pos, 'node_name_chars', n.path(), `Bad character '${bad[0]}' in node name`);
      for (const p of n.liveProps()) {
        const pb = /[^a-zA-Z0-9,._+*#?-]/.exec(p.name);
        if (pb) this.fail(p.pos, 'property_name_chars', `${n.path()}:${p.name}`, `Bad character '${pb[0]}' in property name`);
      }
    }
  }

  private checkDuplicates(): void {
    for (const n of walkLive(this.root)) {
      const seen = new Set<string>();
      for (const c of n.children) {
        if (seen.has(c.name)) this.fail(c.pos, 'duplicate_node_names', c.deleted ? '(null)' : c.path(), 'Duplicate node name');
        seen.add(c.name);
      }
      const ps = new Set<string>();
      for (const p of n.liveProps()) {
        if (ps.has(p.name)) this.fail(p.pos, 'duplicate_property_names', `${n.path()}:${p.name}`, 'Duplicate property name');
        ps.add(p.name);
      }
    }
  }

  private checkLabels(): void {
    const where = new Map<string, string>();
    const see = (label: string, at: string, pos: SrcPos, node: string): void => {
      const prev = where.get(label);
      if (prev !== undefined && prev !== at) {
        this.fail(pos, 'duplicate_label', node, `Duplicate label '${label}' on ${at} and ${prev}`);
      } else where.set(label, at);
    };
    for (const m of this.parsed.memreserves) for (const l of m.labels) where.set(l, '/memreserve/');
    for (const n of walkLive(this.root)) {
      const path = n.path();
      for (const l of n.labels) see(l, path, n.pos, path);
      for (const p of n.liveProps()) {
        for (const l of p.labels) see(l, `property '${p.name}' of ${path}`, p.pos, path);
        for (const d of p.dataLabels) see(d.name, `property '${p.name}' of ${path}`, d.pos, path);
      }
    }
  }

  private explicitPhandles(): void {
    const owner = new Map<number, DtsNode>();
    for (const n of walkLive(this.root)) {
      for (const name of ['phandle', 'linux,phandle']) {
        const p = n.findProp(name);
        if (!p) continue;
        if (p.value.length !== 4) {
          this.fail(p.pos, 'explicit_phandles', `${n.path()}:${name}`, `bad length (${p.value.length}) ${name} property`);
          continue;
        }
        if (p.markers.length > 0) continue;
        const v = new DataView(p.value.buffer, p.value.byteOffset).getUint32(0);
        if (v === 0 || v === 0xffffffff) {
          this.fail(p.pos, 'explicit_phandles', `${n.path()}:${name}`, `bad value (0x${v.toString(16)}) in ${name} property`);
          continue;
        }
        if (n.phandle !== 0 && n.phandle !== v) {
          this.fail(p.pos, 'explicit_phandles', n.path(), `${name} value (0x${v.toString(16)}) does not match existing phandle 0x${n.phandle.toString(16)}`);
          continue;
        }
        const other = owner.get(v);
        if (other && other !== n) {
          this.fail(p.pos, 'explicit_phandles', n.path(), `duplicated phandle 0x${v.toString(16)} (seen before at ${other.path()})`);
          continue;
        }
        owner.set(v, n);
        n.phandle = v;
        this.usedPhandles.add(v);
      }
    }
  }

  /** A "name" property equal to the node name is the old OF form; dtc drops it. */
  private nameProperties(): void {
    for (const n of walkLive(this.root)) {
      const p = n.findProp('name');
      if (!p) continue;
      const base = n.name.split('@')[0];
      if (p.value.length === base.length + 1 && decodeStrings(p.value)[0] === base && p.value[p.value.length - 1] === 0) {
        n.props.splice(n.props.indexOf(p), 1);
      } else {
        const shown = p.value.length > 0 && p.value[p.value.length - 1] === 0 ? decodeStrings(p.value)[0] : '';
        this.fail(p.pos, 'name_properties', n.path(), `"name" property is incorrect ("${shown}" instead of base node name)`);
      }
    }
  }

  private phandleOf(n: DtsNode): number {
    if (n.phandle !== 0) return n.phandle;
    while (this.usedPhandles.has(this.nextPhandle)) this.nextPhandle++;
    const ph = this.nextPhandle;
    this.usedPhandles.add(ph);
    n.phandle = ph;
    n.props.push(new DtsProp('phandle', encodeU32s([ph]), [], [], n.pos));
    return ph;
  }

  private fixReferences(): void {
    // Labels do not change from here on: index them once.
    const byLabel = new Map<string, DtsNode>();
    for (const n of walkLive(this.root)) for (const l of n.labels) if (!byLabel.has(l)) byLabel.set(l, n);
    const lookup = (ref: string): DtsNode | undefined => (ref.startsWith('/') ? lookupRef(this.root, ref) : byLabel.get(ref));
    for (const n of walkLive(this.root)) {
      for (const p of n.liveProps()) {
        if (p.markers.length === 0) continue;
        const markers = [...p.markers].sort((a, b) => a.offset - b.offset);
        let value = p.value;
        let shift = 0;
        for (const m of markers) {
          m.offset += shift;
          const target = lookup(m.ref);
          if (m.kind === 'path') {
            if (!target) {
              this.fail(p.pos, 'path_references', n.path(), `Reference to non-existent node or label "${m.ref}"`);
              continue;
            }
            target.referenced = true;
            const s = enc.encode(target.path() + '\0');
            const nv = new Uint8Array(value.length + s.length);
            nv.set(value.subarray(0, m.offset));
            nv.set(s, m.offset);
            nv.set(value.subarray(m.offset), m.offset + s.length);
            value = nv;
            shift += s.length;
            continue;
          }
          if (!target) {
            if (this.parsed.plugin) {
              this.unresolved.push({ node: n, prop: p, offset: m.offset, ref: m.ref });
              continue;
            }
            this.fail(p.pos, 'phandle_references', n.path(), `Reference to non-existent node or label "${m.ref}"`);
            continue;
          }
          target.referenced = true;
          const ph = this.phandleOf(target);
          new DataView(value.buffer, value.byteOffset).setUint32(m.offset, ph);
          if (this.parsed.plugin) this.localRefs.push({ node: n, prop: p, offset: m.offset });
        }
        p.value = value;
      }
    }
  }

  private omitUnused(): void {
    for (const n of [...walkLive(this.root)]) {
      if (n.deleted || !n.omitIfNoRef || n.referenced) continue;
      if (this.opts.symbols && n.labels.length > 0) continue;
      deleteNode(n);
    }
  }

  private ensureChild(parent: DtsNode, name: string): DtsNode {
    let c = parent.findChild(name);
    if (!c) {
      c = new DtsNode(name, parent.pos);
      parent.addChild(c);
    }
    return c;
  }

  private setProp(n: DtsNode, name: string, value: Uint8Array): void {
    const old = n.findProp(name);
    if (old) old.value = value;
    else n.props.push(new DtsProp(name, value, [], [], n.pos));
  }

  private symbols(): void {
    const entries: [string, string][] = [];
    for (const n of walkLive(this.root)) {
      if (n.labels.length === 0) continue;
      this.phandleOf(n);
      for (const l of n.labels) entries.push([l, n.path()]);
    }
    if (entries.length === 0) return;
    const sym = this.ensureChild(this.root, '__symbols__');
    for (const [l, path] of entries) this.setProp(sym, l, encodeStrings([path]));
  }

  private fixups(): void {
    if (this.unresolved.length > 0) {
      const fx = this.ensureChild(this.root, '__fixups__');
      for (const u of this.unresolved) {
        const entry = encodeStrings([`${u.node.path()}:${u.prop.name}:${u.offset}`]);
        const old = fx.findProp(u.ref);
        if (old) {
          const nv = new Uint8Array(old.value.length + entry.length);
          nv.set(old.value);
          nv.set(entry, old.value.length);
          old.value = nv;
        } else fx.props.push(new DtsProp(u.ref, entry, [], [], fx.pos));
      }
    }
    if (this.localRefs.length > 0) {
      const lf = this.ensureChild(this.root, '__local_fixups__');
      for (const r of this.localRefs) {
        let at = lf;
        for (const seg of r.node.path().split('/')) if (seg !== '') at = this.ensureChild(at, seg);
        const old = at.findProp(r.prop.name);
        const add = encodeU32s([r.offset]);
        if (old) {
          const nv = new Uint8Array(old.value.length + 4);
          nv.set(old.value);
          nv.set(add, old.value.length);
          old.value = nv;
        } else at.props.push(new DtsProp(r.prop.name, add, [], [], at.pos));
      }
    }
  }

  private toDevTree(): DevTree {
    const conv = (n: DtsNode): DevTreeNode => {
      const d = new DevTreeNode(n.name);
      d.labels = [...n.labels];
      for (const p of n.liveProps()) d.attrs.set(p.name, p.value);
      for (const c of n.liveChildren()) {
        const cc = conv(c);
        cc.parent = d;
        d.children.push(cc);
      }
      return d;
    };
    const tree = new DevTree(conv(this.root));
    tree.memreserves = this.parsed.memreserves.map((m) => ({ address: m.address, size: m.size }));
    tree.bootCpuidPhys = this.opts.bootCpuid ?? guessBootCpuid(tree);
    return tree;
  }
}

/** Without -b, dtc takes the boot CPU from the reg of the first node under /cpus. */
function guessBootCpuid(tree: DevTree): number {
  const first = tree.root.child('cpus')?.children[0];
  const reg = first?.getAttr('reg');
  return reg && reg.length === 4 ? new DataView(reg.buffer, reg.byteOffset, 4).getUint32(0) : 0;
}

export function resolveDts(parsed: ParsedDts, opts: ResolveOptions = {}): DevTree {
  const root = parsed.root ?? new DtsNode('', { file: '<none>', line: 1, col: 1 });
  return new Resolver(root, parsed, opts).run();
}
