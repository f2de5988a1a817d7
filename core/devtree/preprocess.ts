// A C preprocessor for device tree sources, doing what `cpp -nostdinc -undef
// -x assembler-with-cpp` does for the Linux board trees (ISO C11 6.10):
// #include "..." / <...> with search paths, object- and function-like
// #define (with # and ## and __VA_ARGS__), #undef, #if/#ifdef/#ifndef/
// #elif/#else/#endif with constant expressions and defined(), #error,
// line continuations and comments. Lines that start with '#' but name no
// directive (#address-cells = ...) pass through with macros expanded, as in
// assembler-with-cpp mode. The output carries `# <line> "<file>"` markers so
// that the DTS lexer reports positions in the original files.

import { DtsError, type SrcPos } from './errors.ts';
import { type FileReader, dirname, joinPath, decodeText } from './file-reader.ts';

export interface PreprocessOptions {
  /** Directories searched by #include (after the including file's own for "..."). */
  readonly includeDirs?: readonly string[];
  /** Predefined object-like macros (-D name=value). */
  readonly defines?: Readonly<Record<string, string>>;
}

type TokKind = 'id' | 'num' | 'str' | 'chr' | 'ws' | 'punct';
interface Tok {
  readonly kind: TokKind;
  readonly text: string;
  /** Macros that may not expand this token again (the "hide set"). */
  hide?: ReadonlySet<string>;
}

interface Macro {
  readonly params?: readonly string[];
  readonly variadic: boolean;
  readonly body: readonly Tok[];
}

interface LogicalLine {
  text: string;
  line: number;
  /** Physical lines it covered (continuations, block comments). */
  span: number;
}

const DIRECTIVES = new Set([
  'include', 'define', 'undef', 'if', 'ifdef', 'ifndef', 'elif', 'else', 'endif',
  'error', 'warning', 'pragma', 'line', 'include_next',
]);
const MAX_INCLUDE_DEPTH = 200;
const MAX_EXPANSION_TOKENS = 1 << 20;

/** Splits source text into logical lines: comments out, continuations joined. */
function logicalLines(src: string, file: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let cur = '';
  let start = 1;
  let line = 1;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      line++;
      continue;
    }
    if (c === '\n') {
      out.push({ text: cur, line: start, span: line - start + 1 });
      cur = '';
      line++;
      start = line;
      i++;
      continue;
    }
    if (c === '\r' && src[i + 1] === '\n') { i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new DtsError({ file, line, col: 1 }, 'unterminated comment');
      for (let k = i; k < end; k++) if (src[k] === '\n') line++;
      cur += ' ';
      i = end + 2;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') {
        if (src[i] === '\\' && src[i + 1] === '\n') { line++; i++; }
        i++;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      // A quoted literal: copied whole so that comment markers inside stay.
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      if (j < n && src[j] === c) {
        cur += src.slice(i, j + 1);
        i = j + 1;
        continue;
      }
    }
    cur += c;
    i++;
  }
  if (cur !== '' || start <= line) out.push({ text: cur, line: start, span: line - start + 1 });
  return out;
}

function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdChar(c: string): boolean {
  return isIdStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

export function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    let j = i + 1;
    let kind: TokKind;
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\r' || c === '\n') {
      while (j < s.length && ' \t\f\v\r\n'.includes(s[j])) j++;
      kind = 'ws';
    } else if (isIdStart(c)) {
      while (j < s.length && isIdChar(s[j])) j++;
      kind = 'id';
    } else if (isDigit(c) || (c === '.' && isDigit(s[j] ?? ''))) {
      while (j < s.length) {
        const d = s[j];
        if ((d === '+' || d === '-') && 'eEpP'.includes(s[j - 1])) j++;
        else if (isIdChar(d) || d === '.') j++;
        else break;
      }
      kind = 'num';
    } else if (c === '"' || c === "'") {
      while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
      if (j < s.length) {
        j++;
        kind = c === '"' ? 'str' : 'chr';
      } else {
        j = i + 1;
        kind = 'punct';
      }
    } else {
      const two = s.slice(i, i + 2);
      if (['##', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||'].includes(two)) j = i + 2;
      kind = 'punct';
    }
    out.push({ kind, text: s.slice(i, j) });
    i = j;
  }
  return out;
}

function withHide(t: Tok, hs: ReadonlySet<string>): Tok {
  if (t.kind !== 'id') return t;
  const h = new Set(t.hide ?? []);
  for (const x of hs) h.add(x);
  return { kind: t.kind, text: t.text, hide: h };
}

export class Preprocessor {
  private readonly macros = new Map<string, Macro>();
  private readonly out: string[] = [];
  private depth = 0;
  private expandDepth = 0;

  constructor(private readonly reader: FileReader, private readonly opts: PreprocessOptions = {}) {
    for (const [name, value] of Object.entries(opts.defines ?? {})) {
      this.macros.set(name, { variadic: false, body: tokenize(value) });
    }
  }

  /** Preprocesses a file read through the reader. */
  run(path: string): string {
    const bytes = this.reader.readFile(path);
    if (bytes === undefined) throw new DtsError(undefined, `cannot open ${path}`, 'include');
    this.processFile(path, decodeText(bytes));
    return this.out.join('');
  }

  /** Preprocesses text given directly (named `file` in positions). */
  runText(file: string, text: string): string {
    this.processFile(file, text);
    return this.out.join('');
  }

  isDefined(name: string): boolean {
    return this.macros.has(name);
  }

  private processFile(file: string, src: string): void {
    if (++this.depth > MAX_INCLUDE_DEPTH) throw new DtsError({ file, line: 1, col: 1 }, '#include nested too deeply');
    this.out.push(`# 1 "${file}"\n`);
    const lines = logicalLines(src, file);
    // Condition stack: active = this group emits; taken = some branch already chosen.
    const conds: { active: boolean; taken: boolean; parentActive: boolean; sawElse: boolean; pos: SrcPos }[] = [];
    const active = (): boolean => conds.length === 0 || conds[conds.length - 1].active;
    let i = 0;
    while (i < lines.length) {
      const ll = lines[i];
      const pos: SrcPos = { file, line: ll.line, col: 1 };
      const m = /^\s*#\s*([A-Za-z_]\w*)?/.exec(ll.text);
      const dname = m?.[1];
      if (m && (dname === undefined || DIRECTIVES.has(dname))) {
        const rest = ll.text.slice(m[0].length);
        i++;
        if (dname === undefined) {
          // "# 12 "file"" line markers from an earlier cpp pass, or a null directive.
          if (active() && /^\s*\d/.test(ll.text.slice(ll.text.indexOf('#') + 1))) this.out.push(ll.text.trim() + '\n');
          else this.out.push('\n'.repeat(ll.span));
          continue;
        }
        switch (dname) {
          case 'ifdef':
          case 'ifndef': {
            const name = rest.trim().split(/\s+/)[0];
            if (!/^[A-Za-z_]\w*$/.test(name ?? '')) throw new DtsError(pos, `#${dname} needs a macro name`);
            const pa = active();
            const v = this.macros.has(name) === (dname === 'ifdef');
            conds.push({ active: pa && v, taken: v, parentActive: pa, sawElse: false, pos });
            break;
          }
          case 'if': {
            const pa = active();
            const v = pa ? this.evalCondition(rest, pos) : false;
            conds.push({ active: pa && v, taken: v, parentActive: pa, sawElse: false, pos });
            break;
          }
          case 'elif': {
            const c = conds[conds.length - 1];
            if (!c) throw new DtsError(pos, '#elif without #if');
            if (c.sawElse) throw new DtsError(pos, '#elif after #else');
            if (c.taken || !c.parentActive) c.active = false;
            else {
              const v = this.evalCondition(rest, pos);
              c.active = v;
              c.taken = v;
            }
            break;
          }
          case 'else': {
            const c = conds[conds.length - 1];
            if (!c) throw new DtsError(pos, '#else without #if');
            if (c.sawElse) throw new DtsError(pos, '#else after #else');
            c.sawElse = true;
            c.active = c.parentActive && !c.taken;
            c.taken = true;
            break;
          }
          case 'endif':
            if (!conds.pop()) throw new DtsError(pos, '#endif without #if');
            break;
          default:
            if (!active()) break;
            this.directive(dname, rest, pos, file);
        }
        if (dname === 'include' || dname === 'include_next') {
          if (active()) this.out.push(`# ${ll.line + ll.span} "${file}"\n`);
          else this.out.push('\n'.repeat(ll.span));
        } else this.out.push('\n'.repeat(ll.span));
        continue;
      }
      if (!active()) {
        this.out.push('\n'.repeat(ll.span));
        i++;
        continue;
      }
      // Text: expand, pulling in following lines while a macro call is open.
      let toks = tokenize(ll.text);
      let span = ll.span;
      i++;
      for (;;) {
        const next = lines[i];
        const more = next !== undefined && !/^\s*#/.test(next.text);
        const r = this.expand(toks, pos, more);
        if (r !== undefined) {
          this.out.push(r.map((t) => t.text).join('') + '\n'.repeat(span));
          break;
        }
        toks = toks.concat([{ kind: 'ws', text: ' ' }], tokenize(next.text));
        span += next.span;
        i++;
      }
    }
    if (conds.length > 0) throw new DtsError(conds[conds.length - 1].pos, 'unterminated conditional directive');
    this.depth--;
  }

  private directive(name: string, rest: string, pos: SrcPos, file: string): void {
    switch (name) {
      case 'include':
      case 'include_next': {
        let spec = rest.trim();
        if (!/^["<]/.test(spec)) spec = this.expand(tokenize(spec), pos, false)!.map((t) => t.text).join('').trim();
        const mq = /^"([^"]*)"/.exec(spec) ?? /^<([^>]*)>/.exec(spec);
        if (!mq) throw new DtsError(pos, '#include expects "FILENAME" or <FILENAME>');
        const target = mq[1];
        const dirs = spec.startsWith('"') ? [dirname(file), ...(this.opts.includeDirs ?? [])] : [...(this.opts.includeDirs ?? [])];
        for (const d of dirs) {
          const p = joinPath(d, target);
          const b = this.reader.readFile(p);
          if (b !== undefined) {
            this.processFile(p, decodeText(b));
            return;
          }
        }
        throw new DtsError(pos, `${target}: No such file or directory`);
      }
      case 'define':
        this.define(rest, pos);
        return;
      case 'undef': {
        const n = rest.trim();
        if (!/^[A-Za-z_]\w*$/.test(n)) throw new DtsError(pos, '#undef needs a macro name');
        this.macros.delete(n);
        return;
      }
      case 'error':
        throw new DtsError(pos, `#error ${rest.trim()}`);
      default:
        return; // #warning, #pragma, #line: no effect on the output tree
    }
  }

  private define(rest: string, pos: SrcPos): void {
    const m = /^\s*([A-Za-z_]\w*)/.exec(rest);
    if (!m) throw new DtsError(pos, 'macro names must be identifiers');
    const name = m[1];
    let after = rest.slice(m[0].length);
    let params: string[] | undefined;
    let variadic = false;
    if (after.startsWith('(')) {
      const close = after.indexOf(')');
      if (close < 0) throw new DtsError(pos, `missing ')' in macro parameter list of ${name}`);
      const list = after.slice(1, close).split(',').map((s) => s.trim());
      params = [];
      if (!(list.length === 1 && list[0] === '')) {
        for (const p of list) {
          if (p === '...') { variadic = true; params.push('__VA_ARGS__'); }
          else if (/^[A-Za-z_]\w*$/.test(p)) params.push(p);
          else throw new DtsError(pos, `bad parameter "${p}" in macro ${name}`);
        }
      }
      after = after.slice(close + 1);
    }
    const body = tokenize(after.trim());
    this.macros.set(name, { params, variadic, body });
  }

  /**
   * Expands macros in a token list. Returns undefined when a function-like
   * macro call is still open at the end (the caller appends the next line),
   * or throws if `allowIncomplete` is false.
   */
  private expand(input: Tok[], pos: SrcPos, allowIncomplete: boolean): Tok[] | undefined {
    if (++this.expandDepth > 128) {
      this.expandDepth = 0;
      throw new DtsError(pos, 'macro arguments nested too deeply');
    }
    try {
      return this.expandInner(input, pos, allowIncomplete);
    } finally {
      if (this.expandDepth > 0) this.expandDepth--;
    }
  }

  private expandInner(input: Tok[], pos: SrcPos, allowIncomplete: boolean): Tok[] | undefined {
    const q = input.slice();
    const out: Tok[] = [];
    let i = 0;
    let budget = MAX_EXPANSION_TOKENS;
    while (i < q.length) {
      if (--budget < 0) throw new DtsError(pos, 'macro expansion too large');
      const t = q[i];
      const m = t.kind === 'id' ? this.macros.get(t.text) : undefined;
      if (!m || t.hide?.has(t.text)) {
        out.push(t);
        i++;
        continue;
      }
      if (m.params === undefined) {
        const hs = new Set(t.hide ?? []);
        hs.add(t.text);
        const rep = this.substitute(m, [], hs, pos);
        q.splice(i, 1, ...rep);
        continue;
      }
      let j = i + 1;
      while (j < q.length && q[j].kind === 'ws') j++;
      if (j >= q.length) {
        // The name may be followed by "(" on the next line (C11 6.10.3p10).
        if (allowIncomplete) return undefined;
        out.push(t);
        i++;
        continue;
      }
      if (q[j].text !== '(') {
        out.push(t);
        i++;
        continue;
      }
      // Collect arguments up to the matching ')'.
      const args: Tok[][] = [[]];
      let level = 0;
      let k = j + 1;
      for (; k < q.length; k++) {
        const a = q[k];
        if (a.text === '(') level++;
        else if (a.text === ')') {
          if (level === 0) break;
          level--;
        } else if (a.text === ',' && level === 0 && !(m.variadic && args.length === m.params.length)) {
          args.push([]);
          continue;
        }
        args[args.length - 1].push(a);
      }
      if (k >= q.length) {
        if (allowIncomplete) return undefined;
        throw new DtsError(pos, `unterminated argument list invoking macro "${t.text}"`);
      }
      const np = m.params.length;
      if (np === 0 && args.length === 1 && args[0].every((a) => a.kind === 'ws')) args.length = 0;
      if (m.variadic && args.length === np - 1) args.push([]);
      if (args.length !== np) {
        throw new DtsError(pos, `macro "${t.text}" passed ${args.length} arguments, but takes ${np}`);
      }
      const hs = new Set<string>();
      const rp = q[k];
      for (const x of t.hide ?? []) if (rp.hide?.has(x)) hs.add(x);
      hs.add(t.text);
      const rep = this.substitute(m, args, hs, pos);
      q.splice(i, k - i + 1, ...rep);
    }
    return out;
  }

  private substitute(m: Macro, args: Tok[][], hs: ReadonlySet<string>, pos: SrcPos): Tok[] {
    const params = m.params ?? [];
    const body = m.body;
    const res: Tok[] = [];
    const argIndex = (t: Tok | undefined): number => (t && t.kind === 'id' ? params.indexOf(t.text) : -1);
    const nextNonWs = (k: number): number => {
      while (k < body.length && body[k].kind === 'ws') k++;
      return k;
    };
    const trim = (ts: Tok[]): Tok[] => {
      let a = 0;
      let b = ts.length;
      while (a < b && ts[a].kind === 'ws') a++;
      while (b > a && ts[b - 1].kind === 'ws') b--;
      return ts.slice(a, b);
    };
    for (let k = 0; k < body.length; k++) {
      const t = body[k];
      if (t.text === '#' && m.params !== undefined) {
        const n = nextNonWs(k + 1);
        const ai = argIndex(body[n]);
        if (ai >= 0) {
          const s = trim(args[ai]).map((a) => (a.kind === 'ws' ? ' ' : a.text)).join('');
          res.push({ kind: 'str', text: JSON.stringify(s) });
          k = n;
          continue;
        }
      }
      if (t.text === '##') {
        // Paste the previous non-blank token with the next one.
        while (res.length > 0 && res[res.length - 1].kind === 'ws') res.pop();
        const n = nextNonWs(k + 1);
        if (n >= body.length) throw new DtsError(pos, "'##' cannot appear at either end of a macro expansion");
        const ai = argIndex(body[n]);
        const rhs = ai >= 0 ? trim(args[ai]) : [body[n]];
        const left = res.pop();
        const joined = (left ? left.text : '') + (rhs[0]?.text ?? '');
        res.push(...tokenize(joined), ...rhs.slice(1));
        k = n;
        continue;
      }
      const ai = argIndex(t);
      if (ai >= 0) {
        const n = nextNonWs(k + 1);
        if (body[n]?.text === '##') res.push(...trim(args[ai]));
        else res.push(...(this.expand(args[ai], pos, false) ?? []));
        continue;
      }
      res.push(t);
    }
    return res.map((t) => withHide(t, hs));
  }

  private evalCondition(expr: string, pos: SrcPos): boolean {
    // defined X / defined(X) are replaced before expansion (C11 6.10.1p4).
    const toks = tokenize(expr);
    const pre: Tok[] = [];
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t.kind === 'id' && t.text === 'defined') {
        let j = k + 1;
        while (toks[j]?.kind === 'ws') j++;
        let paren = false;
        if (toks[j]?.text === '(') {
          paren = true;
          j++;
          while (toks[j]?.kind === 'ws') j++;
        }
        const name = toks[j];
        if (name?.kind !== 'id') throw new DtsError(pos, 'operator "defined" requires an identifier');
        if (paren) {
          j++;
          while (toks[j]?.kind === 'ws') j++;
          if (toks[j]?.text !== ')') throw new DtsError(pos, 'missing \')\' after "defined"');
        }
        pre.push({ kind: 'num', text: this.macros.has(name.text) ? '1' : '0' });
        k = j;
        continue;
      }
      pre.push(t);
    }
    const expanded = this.expand(pre, pos, false)!.filter((t) => t.kind !== 'ws');
    return new CondParser(expanded, pos).parse() !== 0n;
  }
}

/** #if expressions in intmax_t arithmetic (C11 6.10.1). */
class CondParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly t: Tok[], private readonly pos: SrcPos) {}

  parse(): bigint {
    if (this.t.length === 0) throw new DtsError(this.pos, '#if with no expression');
    const v = this.ternary();
    if (this.i < this.t.length) throw new DtsError(this.pos, `missing binary operator before token "${this.t[this.i].text}"`);
    return v;
  }

  private peek(): string | undefined {
    return this.t[this.i]?.text;
  }

  private ternary(): bigint {
    const c = this.binary(0);
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.ternary();
    if (this.peek() !== ':') throw new DtsError(this.pos, "'?' without following ':'");
    this.i++;
    const b = this.ternary();
    return c !== 0n ? a : b;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
  ];

  private binary(level: number): bigint {
    if (level >= CondParser.LEVELS.length) return this.unary();
    let v = this.binary(level + 1);
    for (;;) {
      const op = this.peek();
      if (op === undefined || !CondParser.LEVELS[level].includes(op)) return v;
      this.i++;
      const r = this.binary(level + 1);
      v = BigInt.asIntN(64, this.apply(op, v, r));
    }
  }

  private apply(op: string, a: bigint, b: bigint): bigint {
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
      case '<<': return a << (b & 63n);
      case '>>': return a >> (b & 63n);
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      default:
        if (b === 0n) throw new DtsError(this.pos, 'division by zero in #if');
        return op === '/' ? a / b : a % b;
    }
  }

  private unary(): bigint {
    if (++this.depth > 256) throw new DtsError(this.pos, "#if expression nested too deeply");
    try {
      return this.unaryInner();
    } finally {
      this.depth--;
    }
  }

  private unaryInner(): bigint {
    const t = this.t[this.i];
    if (t === undefined) throw new DtsError(this.pos, '#if expression ends early');
    this.i++;
    switch (t.text) {
      case '-': return BigInt.asIntN(64, -this.unary());
      case '+': return this.unary();
      case '~': return BigInt.asIntN(64, ~this.unary());
      case '!': return this.unary() === 0n ? 1n : 0n;
      case '(': {
        const v = this.ternary();
        if (this.peek() !== ')') throw new DtsError(this.pos, "missing ')' in expression");
        this.i++;
        return v;
      }
    }
    if (t.kind === 'num') return parseCInteger(t.text, this.pos);
    if (t.kind === 'chr') return BigInt(parseCharLiteral(t.text, this.pos));
    if (t.kind === 'id') return 0n; // identifiers left after expansion are 0
    throw new DtsError(this.pos, `token "${t.text}" is not valid in preprocessor expressions`);
  }
}

export function parseCInteger(text: string, pos: SrcPos): bigint {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text);
  if (!m) throw new DtsError(pos, `invalid integer "${text}"`);
  const d = m[1];
  if (/^0[0-7]+$/.test(d)) return BigInt('0o' + d.slice(1));
  return BigInt(d);
}

const SIMPLE_ESC: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** Decodes one escape at s[i] (after the backslash); returns [value, next index]. */
export function decodeEscape(s: string, i: number): [number, number] {
  const c = s[i];
  if (c === 'x') {
    let j = i + 1;
    while (j < s.length && j < i + 3 && /[0-9a-fA-F]/.test(s[j])) j++;
    if (j === i + 1) return [120, i + 1];
    return [parseInt(s.slice(i + 1, j), 16), j];
  }
  if (c >= '0' && c <= '7') {
    let j = i;
    while (j < s.length && j < i + 3 && s[j] >= '0' && s[j] <= '7') j++;
    return [parseInt(s.slice(i, j), 8) & 0xff, j];
  }
  const v = SIMPLE_ESC[c];
  return [v ?? c.charCodeAt(0), i + 1];
}

export function parseCharLiteral(text: string, pos: SrcPos): number {
  const s = text.slice(1, -1);
  if (s.length === 0) throw new DtsError(pos, 'empty character literal');
  let v: number;
  let next: number;
  if (s[0] === '\\') [v, next] = decodeEscape(s, 1);
  else {
    v = s.charCodeAt(0);
    next = 1;
  }
  if (next !== s.length) throw new DtsError(pos, `character literal ${text} is not a single character`);
  return v;
}

/** Preprocesses `path` (read through `reader`) and returns text with line markers. */
export function preprocess(path: string, reader: FileReader, opts: PreprocessOptions = {}): string {
  return new Preprocessor(reader, opts).run(path);
}
