// DTS parser: Devicetree Specification v0.4 chapter 6 plus the extensions
// dtc documents (dtc-paper, Documentation/dts-format.txt of the dtc project,
// described in our words): /dts-v1/, /plugin/, /memreserve/, labels,
// &label and &{/path} references, /delete-node/, /delete-property/,
// /omit-if-no-ref/, /bits/ N, byte strings, /incbin/, character literals and
// C integer expressions (64-bit unsigned, C precedence). Top-level
// definitions merge into the tree as they are read, as dtc does.

import { DtsError, type SrcPos } from './errors.ts';
import { DtsScanner } from './dts-scanner.ts';
import { DtsNode, DtsProp, type DataLabel, type RefMarker, addLabels, deleteNode, lookupRef, mergeNodes } from './dts-tree.ts';
import type { FileReader } from './file-reader.ts';
import { decodeEscape } from './preprocess.ts';

export interface MemReserve {
  readonly address: bigint;
  readonly size: bigint;
  readonly labels: readonly string[];
}

export interface ParsedDts {
  /** The root, or undefined if the source defines none. */
  root: DtsNode | undefined;
  readonly memreserves: MemReserve[];
  plugin: boolean;
}

export interface DtsParseOptions {
  readonly reader?: FileReader;
  readonly includeDirs?: readonly string[];
}

const U64 = (1n << 64n) - 1n;
const MAX_NESTING = 1000;
const MAX_EXPR_NESTING = 256;

class ByteBuf {
  bytes: number[] = [];
  markers: RefMarker[] = [];
  labels: DataLabel[] = [];
}

export class DtsParser {
  private readonly sc: DtsScanner;
  private readonly result: ParsedDts = { root: undefined, memreserves: [], plugin: false };
  private fragment = 0;
  /** Nesting of nodes and of parentheses, bounded so junk cannot exhaust the stack. */
  private depth = 0;
  private exprDepth = 0;

  constructor(text: string, file: string, opts: DtsParseOptions = {}) {
    this.sc = new DtsScanner(text, file, opts.reader, opts.includeDirs ?? []);
  }

  parse(): ParsedDts {
    const sc = this.sc;
    sc.skipWs();
    let sawV1 = false;
    for (;;) {
      if (sc.startsWith('/dts-v1/')) {
        sc.advance(8);
        this.expectChar(';');
        sawV1 = true;
      } else if (sc.startsWith('/plugin/')) {
        if (!sawV1) throw sc.error('syntax error');
        sc.advance(8);
        this.expectChar(';');
        this.result.plugin = true;
      } else break;
      sc.skipWs();
    }
    if (!sawV1) throw new DtsError(sc.span(sc.here()), 'syntax error');
    this.memreserves();
    this.devicetree();
    return this.result;
  }

  private expectChar(c: string): void {
    this.sc.skipWs();
    if (this.sc.peek() !== c) throw new DtsError(this.tokenSpan(), 'syntax error');
    this.sc.advance();
  }

  /** Position of the token at the cursor, for "syntax error" reports. */
  private tokenSpan(): SrcPos {
    const start = this.sc.here();
    const c = this.sc.peek();
    let len = 1;
    if (/[a-zA-Z0-9_,.+*#?@-]/.test(c)) {
      len = 0;
      while (/[a-zA-Z0-9_,.+*#?@-]/.test(this.sc.peek(len))) len++;
    }
    return { ...start, endCol: start.col + Math.max(1, len) };
  }

  private memreserves(): void {
    const sc = this.sc;
    for (;;) {
      sc.skipWs();
      const save = sc.here();
      const labels: string[] = [];
      // Labels may precede /memreserve/; if none follows, they belong to the tree.
      const m = sc.match(/(?:[a-zA-Z_][a-zA-Z0-9_]*:\s*)*\/memreserve\//);
      if (m === undefined) return;
      for (const l of m.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*):/g)) labels.push(l[1]);
      void save;
      const address = this.integerPrim();
      const size = this.integerPrim();
      this.expectChar(';');
      this.result.memreserves.push({ address, size, labels });
    }
  }

  private ensureRoot(pos: SrcPos): DtsNode {
    if (!this.result.root) this.result.root = new DtsNode('', pos);
    return this.result.root;
  }

  private devicetree(): void {
    const sc = this.sc;
    for (;;) {
      sc.skipWs();
      if (sc.atEnd()) break;
      const start = sc.here();
      if (sc.peek() === '/' && !sc.startsWith('/delete-node/') && !sc.startsWith('/omit-if-no-ref/')) {
        sc.advance();
        const node = this.nodeBody('', start);
        if (!this.result.root) this.result.root = node;
        else mergeNodes(this.result.root, node);
        continue;
      }
      if (sc.startsWith('/delete-node/')) {
        sc.advance(13);
        sc.skipWs();
        if (sc.peek() !== '&') throw new DtsError(this.tokenSpan(), 'syntax error');
        const rs = sc.here();
        const ref = sc.readRef();
        this.expectChar(';');
        const root = this.result.root;
        const target = root ? lookupRef(root, ref) : undefined;
        if (!target) throw new DtsError(sc.span(rs), `Label or path ${ref} not found`);
        deleteNode(target);
        continue;
      }
      if (sc.startsWith('/omit-if-no-ref/')) {
        sc.advance(16);
        sc.skipWs();
        if (sc.peek() !== '&') throw new DtsError(this.tokenSpan(), 'syntax error');
        const rs = sc.here();
        const ref = sc.readRef();
        this.expectChar(';');
        const root = this.result.root;
        const target = root ? lookupRef(root, ref) : undefined;
        if (!target) throw new DtsError(sc.span(rs), `Label or path ${ref} not found`);
        target.omitIfNoRef = true;
        continue;
      }
      // dtc's grammar allows one label before a top-level &ref.
      const labels: string[] = [];
      const l = sc.tryLabel();
      if (l !== undefined) {
        labels.push(l);
        sc.skipWs();
      }
      if (sc.peek() !== '&') throw new DtsError(this.tokenSpan(), 'syntax error');
      const rs = sc.here();
      const ref = sc.readRef();
      const refPos = sc.span(rs);
      sc.skipWs();
      const node = this.nodeBody('', rs);
      const root = this.result.root;
      const target = root ? lookupRef(root, ref) : undefined;
      if (!target && this.result.plugin) {
        // An overlay's reference to something outside it becomes a fragment;
        // one to its own nodes merges as in a plain tree.
        this.addFragment(ref, refPos, labels, node);
        continue;
      }
      if (!target) throw new DtsError(refPos, `Label or path ${ref} not found`);
      addLabels(target.labels, labels);
      mergeNodes(target, node);
    }
    if (!this.result.root && !this.result.plugin) throw new DtsError(this.sc.here(), 'syntax error');
  }

  /** /plugin/: `&ref { ... }` becomes fragment@N { target = <&ref>; __overlay__ { ... }; }. */
  private addFragment(ref: string, pos: SrcPos, labels: string[], body: DtsNode): void {
    const root = this.ensureRoot(pos);
    const frag = new DtsNode(`fragment@${this.fragment++}`, pos);
    if (ref.startsWith('/')) {
      frag.props.push(new DtsProp('target-path', new TextEncoder().encode(ref + '\0'), [], [], pos));
    } else {
      frag.props.push(new DtsProp('target', new Uint8Array([0xff, 0xff, 0xff, 0xff]), [{ kind: 'phandle', offset: 0, ref, pos }], [], pos));
    }
    body.name = '__overlay__';
    body.labels.push(...labels);
    frag.addChild(body);
    root.addChild(frag);
  }

  /** `{ props subnodes } ;` after the node name. */
  private nodeBody(name: string, pos: SrcPos): DtsNode {
    if (++this.depth > MAX_NESTING) throw new DtsError(pos, `nodes nested deeper than ${MAX_NESTING}`);
    try {
      return this.nodeBodyInner(name, pos);
    } finally {
      this.depth--;
    }
  }

  private nodeBodyInner(name: string, pos: SrcPos): DtsNode {
    const sc = this.sc;
    const node = new DtsNode(name, pos);
    this.expectChar('{');
    let sawChild = false;
    for (;;) {
      sc.skipWs();
      const start = sc.here();
      if (sc.peek() === '}') {
        sc.advance();
        break;
      }
      if (sc.atEnd()) throw new DtsError(sc.span(start), 'syntax error');
      if (sc.startsWith('/delete-property/')) {
        sc.advance(17);
        sc.skipWs();
        const n = sc.readPropNodeName();
        if (n === '') throw new DtsError(this.tokenSpan(), 'syntax error');
        this.expectChar(';');
        if (sawChild) throw new DtsError(sc.span(start), 'Properties must precede subnodes');
        const p = new DtsProp(n, new Uint8Array(0), [], [], sc.span(start));
        p.deleted = true;
        node.props.push(p);
        continue;
      }
      if (sc.startsWith('/delete-node/')) {
        sc.advance(13);
        sc.skipWs();
        const n = sc.readPropNodeName();
        if (n === '') throw new DtsError(this.tokenSpan(), 'syntax error');
        this.expectChar(';');
        const c = new DtsNode(n, sc.span(start));
        c.deleted = true;
        node.addChild(c);
        sawChild = true;
        continue;
      }
      let omit = false;
      if (sc.startsWith('/omit-if-no-ref/')) {
        sc.advance(16);
        sc.skipWs();
        omit = true;
      }
      const labels: string[] = [];
      for (let l = sc.tryLabel(); l !== undefined; l = sc.tryLabel()) {
        labels.push(l);
        sc.skipWs();
      }
      const nameStart = sc.here();
      const n = sc.readPropNodeName();
      if (n === '') throw new DtsError(this.tokenSpan(), 'syntax error');
      sc.skipWs();
      const c = sc.peek();
      if (c === '{') {
        const child = this.nodeBody(n, nameStart);
        child.labels.push(...labels);
        child.omitIfNoRef = omit;
        child.pos = sc.span(start);
        node.addChild(child);
        sawChild = true;
        continue;
      }
      if (omit) throw new DtsError(this.tokenSpan(), 'syntax error');
      let prop: DtsProp;
      if (c === ';') {
        sc.advance();
        prop = new DtsProp(n, new Uint8Array(0), [], labels, sc.span(start));
      } else if (c === '=') {
        sc.advance();
        const buf = this.propData();
        prop = new DtsProp(n, Uint8Array.from(buf.bytes), buf.markers, labels, sc.span(start), buf.labels);
      } else throw new DtsError(this.tokenSpan(), 'syntax error');
      if (sawChild) throw new DtsError(sc.span(start), 'Properties must precede subnodes');
      node.props.push(prop);
    }
    this.expectChar(';');
    return node;
  }

  /** Property value: comma-separated strings, cell arrays, byte strings, references, /incbin/. */
  private propData(): ByteBuf {
    const sc = this.sc;
    const buf = new ByteBuf();
    for (;;) {
      this.dataLabels(buf);
      sc.skipWs();
      const start = sc.here();
      const c = sc.peek();
      if (c === '"') {
        for (const b of sc.readString()) buf.bytes.push(b);
        buf.bytes.push(0);
      } else if (c === '<') {
        sc.advance();
        this.cells(buf, 32);
      } else if (sc.startsWith('/bits/')) {
        sc.advance(6);
        sc.skipWs();
        const bs = sc.here();
        const lit = sc.match(/(0[xX][0-9a-fA-F]+|[0-9]+)/);
        if (lit === undefined) throw new DtsError(this.tokenSpan(), 'syntax error');
        const bits = Number(lit.startsWith('0x') || lit.startsWith('0X') ? parseInt(lit, 16) : parseInt(lit, lit.length > 1 && lit[0] === '0' ? 8 : 10));
        if (bits !== 8 && bits !== 16 && bits !== 32 && bits !== 64) {
          throw new DtsError(sc.span(bs), 'Array elements must be 8, 16, 32 or 64-bits');
        }
        this.expectChar('<');
        this.cells(buf, bits);
      } else if (c === '[') {
        sc.advance();
        this.byteString(buf);
      } else if (c === '&') {
        const ref = sc.readRef();
        buf.markers.push({ kind: 'path', offset: buf.bytes.length, ref, pos: sc.span(start) });
      } else if (sc.startsWith('/incbin/')) {
        sc.advance(8);
        this.incbin(buf, start);
      } else throw new DtsError(this.tokenSpan(), 'syntax error');
      this.dataLabels(buf);
      sc.skipWs();
      if (sc.peek() === ',') {
        sc.advance();
        continue;
      }
      if (sc.peek() === ';') {
        sc.advance();
        return buf;
      }
      throw new DtsError(this.tokenSpan(), 'syntax error');
    }
  }

  private dataLabels(buf: ByteBuf): void {
    const sc = this.sc;
    for (;;) {
      sc.skipWs();
      const pos = sc.here();
      const l = sc.tryLabel();
      if (l === undefined) return;
      buf.labels.push({ name: l, offset: buf.bytes.length, pos: sc.span(pos) });
    }
  }

  private incbin(buf: ByteBuf, start: SrcPos): void {
    const sc = this.sc;
    this.expectChar('(');
    sc.skipWs();
    if (sc.peek() !== '"') throw new DtsError(this.tokenSpan(), 'syntax error');
    const name = new TextDecoder().decode(sc.readString());
    sc.skipWs();
    let off = 0n;
    let len = -1n;
    if (sc.peek() === ',') {
      sc.advance();
      off = this.expr();
      this.expectChar(',');
      len = this.expr();
    }
    this.expectChar(')');
    const data = sc.readIncludeFile(name, sc.span(start));
    const o = Number(off);
    const l = len < 0n ? data.length - o : Number(len);
    if (o > data.length || o + l > data.length || l < 0) throw new DtsError(sc.span(start), `Couldn't read "${name}": past end of file`);
    for (let k = 0; k < l; k++) buf.bytes.push(data[o + k]);
  }

  private byteString(buf: ByteBuf): void {
    const sc = this.sc;
    for (;;) {
      sc.skipWs();
      const pos = sc.here();
      if (sc.peek() === ']') {
        sc.advance();
        return;
      }
      const l = sc.tryLabel();
      if (l !== undefined) {
        buf.labels.push({ name: l, offset: buf.bytes.length, pos: sc.span(pos) });
        continue;
      }
      const h = sc.match(/[0-9a-fA-F]{2}/);
      if (h === undefined) throw new DtsError(this.tokenSpan(), 'syntax error');
      buf.bytes.push(parseInt(h, 16));
    }
  }

  private cells(buf: ByteBuf, bits: number): void {
    const sc = this.sc;
    const mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      sc.skipWs();
      const start = sc.here();
      const c = sc.peek();
      if (c === '>') {
        sc.advance();
        return;
      }
      const l = sc.tryLabel();
      if (l !== undefined) {
        buf.labels.push({ name: l, offset: buf.bytes.length, pos: sc.span(start) });
        continue;
      }
      if (c === '&') {
        const ref = sc.readRef();
        if (bits !== 32) throw new DtsError(sc.span(start), 'References are only allowed in arrays with 32-bit elements.');
        buf.markers.push({ kind: 'phandle', offset: buf.bytes.length, ref, pos: sc.span(start) });
        buf.bytes.push(0xff, 0xff, 0xff, 0xff);
        continue;
      }
      if (c === '' ) throw new DtsError(this.tokenSpan(), 'syntax error');
      const v = this.integerPrim();
      if (v > mask && (v | mask) !== U64) throw new DtsError(sc.span(start), `Value out of range for ${bits}-bit array element`);
      const w = v & mask;
      for (let k = bits - 8; k >= 0; k -= 8) buf.bytes.push(Number((w >> BigInt(k)) & 0xffn));
    }
  }

  /** A literal, a character literal or a parenthesised expression. */
  private integerPrim(): bigint {
    const sc = this.sc;
    sc.skipWs();
    const start = sc.here();
    const c = sc.peek();
    if (c === '(') {
      if (++this.exprDepth > MAX_EXPR_NESTING) throw new DtsError(start, `expression nested deeper than ${MAX_EXPR_NESTING}`);
      sc.advance();
      const v = this.expr();
      this.expectChar(')');
      this.exprDepth--;
      return v;
    }
    if (c === "'") return this.charLiteral();
    if (c >= '0' && c <= '9') return this.literal(start);
    throw new DtsError(this.tokenSpan(), 'syntax error');
  }

  private literal(start: SrcPos): bigint {
    const sc = this.sc;
    const text = sc.match(/(0[xX][0-9a-fA-F]+|[0-9]+)(ULL|UL|LL|U|L)?/)!;
    const digits = text.replace(/(U|L|UL|LL|ULL)$/, '');
    if (/^[0-9a-zA-Z_]/.test(sc.peek()) && !/^0[xX]$/.test(digits)) {
      // "08" or "1g": dtc rejects what strtoull cannot consume entirely.
      const more = sc.match(/[0-9a-zA-Z_]+/) ?? '';
      throw new DtsError(sc.span(start), `Bad integer literal '${text + more}'`);
    }
    let v: bigint;
    if (/^0[xX]/.test(digits)) v = BigInt(digits);
    else if (digits.length > 1 && digits[0] === '0') {
      if (!/^[0-7]+$/.test(digits)) throw new DtsError(sc.span(start), `Bad integer literal '${text}'`);
      v = BigInt('0o' + digits.slice(1));
    } else v = BigInt(digits);
    if (v > U64) throw new DtsError(sc.span(start), `Integer literal '${text}' out of range`);
    return v;
  }

  private charLiteral(): bigint {
    const sc = this.sc;
    const start = sc.here();
    // dtc's lexer takes the longest run of non-quotes and \' pairs, across lines.
    const text = sc.match(/'(?:\\'|[^'])*'/);
    if (text === undefined) throw new DtsError(this.tokenSpan(), 'syntax error');
    const s = text.slice(1, -1);
    const vals: number[] = [];
    for (let i = 0; i < s.length;) {
      if (s[i] === '\\') {
        const [v, n] = decodeEscape(s, i + 1);
        vals.push(v);
        i = n;
      } else {
        vals.push(s.charCodeAt(i));
        i++;
      }
    }
    if (vals.length !== 1) {
      throw new DtsError(sc.span(start), vals.length === 0 ? 'Empty character literal' : `Character literal has ${vals.length} characters instead of 1`);
    }
    return BigInt(vals[0]);
  }

  // Expressions: dtc evaluates in unsigned 64-bit C arithmetic.
  private expr(): bigint {
    const c = this.binary(0);
    const sc = this.sc;
    sc.skipWs();
    if (sc.peek() !== '?') return c;
    sc.advance();
    const a = this.expr();
    this.expectChar(':');
    const b = this.expr();
    return c !== 0n ? a : b;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
  ];

  private peekOp(level: number): string | undefined {
    const sc = this.sc;
    sc.skipWs();
    for (const op of DtsParser.LEVELS[level]) {
      if (!sc.startsWith(op)) continue;
      // '|' must not be the start of '||', '&' of '&&', '<' of '<<' or '<='.
      const next = sc.peek(op.length);
      if (op.length === 1 && (next === op || ((op === '<' || op === '>') && next === '='))) continue;
      if ((op === '<' || op === '>') && next === op) continue;
      return op;
    }
    return undefined;
  }

  private binary(level: number): bigint {
    if (level >= DtsParser.LEVELS.length) return this.unary();
    let v = this.binary(level + 1);
    for (;;) {
      const start = this.sc.here();
      const op = this.peekOp(level);
      if (op === undefined) return v;
      this.sc.advance(op.length);
      const r = this.binary(level + 1);
      v = this.apply(op, v, r, start);
    }
  }

  private apply(op: string, a: bigint, b: bigint, pos: SrcPos): bigint {
    const bool = (x: boolean): bigint => (x ? 1n : 0n);
    switch (op) {
      case '||': return bool(a !== 0n || b !== 0n);
      case '&&': return bool(a !== 0n && b !== 0n);
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return bool(a === b);
      case '!=': return bool(a !== b);
      case '<': return bool(a < b);
      case '>': return bool(a > b);
      case '<=': return bool(a <= b);
      case '>=': return bool(a >= b);
      case '<<': return b >= 64n ? 0n : (a << b) & U64;
      case '>>': return b >= 64n ? 0n : a >> b;
      case '+': return (a + b) & U64;
      case '-': return (a - b) & U64;
      case '*': return (a * b) & U64;
      default:
        if (b === 0n) throw new DtsError(this.sc.span(pos), 'Division by zero');
        return op === '/' ? a / b : a % b;
    }
  }

  private unary(): bigint {
    const sc = this.sc;
    sc.skipWs();
    if (++this.exprDepth > MAX_EXPR_NESTING) throw new DtsError(sc.here(), `expression nested deeper than ${MAX_EXPR_NESTING}`);
    try {
      return this.unaryInner();
    } finally {
      this.exprDepth--;
    }
  }

  private unaryInner(): bigint {
    const sc = this.sc;
    const c = sc.peek();
    if (c === '-') {
      sc.advance();
      return (-this.unary()) & U64;
    }
    if (c === '~') {
      sc.advance();
      return ~this.unary() & U64;
    }
    if (c === '!') {
      sc.advance();
      return this.unary() === 0n ? 1n : 0n;
    }
    return this.integerPrim();
  }
}

export function parseDts(text: string, file: string, opts: DtsParseOptions = {}): ParsedDts {
  return new DtsParser(text, file, opts).parse();
}
