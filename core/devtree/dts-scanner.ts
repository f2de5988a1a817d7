// Character-level scanner for DTS text (Devicetree Specification v0.4,
// chapter 6 "Devicetree Source (DTS) Format"). The parser asks it for the
// token kind the grammar expects at each point, because DTS is context
// sensitive: "1f" is a node name in one place and a syntax error in a cell
// list. The scanner also follows cpp line markers (`# 12 "file"`), skips
// comments, and splices /include/d files into the stream.

import { DtsError, type SrcPos } from './errors.ts';
import { type FileReader, dirname, joinPath, decodeText } from './file-reader.ts';
import { decodeEscape } from './preprocess.ts';

interface Source {
  readonly text: string;
  i: number;
  file: string;
  line: number;
  col: number;
}

const MAX_INCLUDE_DEPTH = 100;

export function isPropNodeChar(c: string): boolean {
  return /^[a-zA-Z0-9,._+*#?@-]$/.test(c);
}

export class DtsScanner {
  private readonly stack: Source[] = [];

  constructor(
    text: string,
    file: string,
    private readonly reader: FileReader | undefined,
    private readonly includeDirs: readonly string[],
  ) {
    this.stack.push({ text, i: 0, file, line: 1, col: 1 });
  }

  private get s(): Source {
    return this.stack[this.stack.length - 1];
  }

  here(): SrcPos {
    const s = this.s;
    return { file: s.file, line: s.line, col: s.col };
  }

  /** Position spanning from `start` to the current point. */
  span(start: SrcPos): SrcPos {
    const s = this.s;
    return { ...start, endLine: s.line, endCol: s.col };
  }

  peek(k = 0): string {
    const s = this.s;
    return s.text[s.i + k] ?? '';
  }

  atEnd(): boolean {
    return this.stack.length === 1 && this.s.i >= this.s.text.length;
  }

  startsWith(str: string): boolean {
    const s = this.s;
    return s.text.startsWith(str, s.i);
  }

  advance(n = 1): void {
    const s = this.s;
    for (let k = 0; k < n && s.i < s.text.length; k++) {
      if (s.text[s.i] === '\n') {
        s.line++;
        s.col = 1;
      } else s.col++;
      s.i++;
    }
  }

  error(msg: string, pos: SrcPos = this.here()): DtsError {
    return new DtsError(pos, msg);
  }

  /** Skips blanks, comments, line markers, and enters/leaves /include/ files. */
  skipWs(): void {
    for (;;) {
      const s = this.s;
      const c = s.text[s.i];
      if (c === undefined) {
        if (this.stack.length > 1) {
          this.stack.pop();
          continue;
        }
        return;
      }
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
        this.advance();
        continue;
      }
      if (c === '/' && s.text[s.i + 1] === '*') {
        const start = this.here();
        const end = s.text.indexOf('*/', s.i + 2);
        if (end < 0) throw this.error('unterminated comment', start);
        this.advance(end + 2 - s.i);
        continue;
      }
      if (c === '/' && s.text[s.i + 1] === '/') {
        while (s.i < s.text.length && s.text[s.i] !== '\n') this.advance();
        continue;
      }
      if (c === '#' && s.col === 1 && this.lineMarker()) continue;
      if (c === '/' && s.text.startsWith('/include/', s.i)) {
        this.include();
        continue;
      }
      return;
    }
  }

  /** `# 12 "file" flags` or `#line 12 "file"` at the start of a line. */
  private lineMarker(): boolean {
    const s = this.s;
    const eol = s.text.indexOf('\n', s.i);
    const lineText = s.text.slice(s.i, eol < 0 ? s.text.length : eol);
    const m = /^#(?:line)?[ \t]+([0-9]+)(?:[ \t]+"((?:[^"\\]|\\.)*)")?[ \t0-9]*$/.exec(lineText);
    if (!m) return false;
    this.advance(lineText.length);
    if (m[2] !== undefined) s.file = m[2].replace(/\\(.)/g, '$1');
    if (s.text[s.i] === '\n') {
      s.i++;
      s.col = 1;
    }
    s.line = Number(m[1]);
    return true;
  }

  private include(): void {
    const start = this.here();
    this.advance('/include/'.length);
    this.skipWs();
    if (this.peek() !== '"') throw this.error('syntax error');
    const name = decodeText(this.readString());
    const s = this.s;
    if (this.stack.length > MAX_INCLUDE_DEPTH) throw this.error('/include/ nested too deeply', start);
    const dirs = [dirname(s.file), ...this.includeDirs];
    for (const d of dirs) {
      const p = joinPath(d, name);
      const b = this.reader?.readFile(p);
      if (b !== undefined) {
        this.stack.push({ text: decodeText(b), i: 0, file: p, line: 1, col: 1 });
        return;
      }
    }
    throw new DtsError(this.span(start), `Couldn't open "${name}": No such file or directory`);
  }

  /** A quoted string at the cursor, escapes decoded, without its nul. */
  readString(): Uint8Array {
    const start = this.here();
    const s = this.s;
    let j = s.i + 1;
    const bytes: number[] = [];
    const enc = new TextEncoder();
    while (j < s.text.length && s.text[j] !== '"') {
      if (s.text[j] === '\\') {
        if (j + 1 >= s.text.length) break;
        const [v, next] = decodeEscape(s.text, j + 1);
        bytes.push(v);
        j = next;
      } else {
        const cp = s.text.codePointAt(j)!;
        const ch = String.fromCodePoint(cp);
        for (const b of enc.encode(ch)) bytes.push(b);
        j += ch.length;
      }
    }
    if (j >= s.text.length) throw this.error('syntax error', start);
    this.advance(j + 1 - s.i);
    return Uint8Array.from(bytes);
  }

  /** A run of node/property name characters. */
  readPropNodeName(): string {
    const s = this.s;
    let j = s.i;
    while (j < s.text.length && isPropNodeChar(s.text[j])) j++;
    const name = s.text.slice(s.i, j);
    this.advance(j - s.i);
    return name;
  }

  /** If the cursor is at `label:`, consumes and returns the label. */
  tryLabel(): string | undefined {
    const s = this.s;
    const m = /[a-zA-Z_][a-zA-Z0-9_]*:/y;
    m.lastIndex = s.i;
    const r = m.exec(s.text);
    if (!r) return undefined;
    this.advance(r[0].length);
    return r[0].slice(0, -1);
  }

  /** `&label` or `&{/path}` at the cursor; returns the label or path. */
  readRef(): string {
    const start = this.here();
    const s = this.s;
    if (s.text[s.i + 1] === '{') {
      const m = /&\{([a-zA-Z0-9,._+*#?@/-]*)\}/y;
      m.lastIndex = s.i;
      const r = m.exec(s.text);
      if (!r) throw this.error('syntax error', start);
      this.advance(r[0].length);
      return r[1];
    }
    const m = /&([a-zA-Z_][a-zA-Z0-9_]*)/y;
    m.lastIndex = s.i;
    const r = m.exec(s.text);
    if (!r) throw this.error('syntax error', start);
    this.advance(r[0].length);
    return r[1];
  }

  /** Matches a regular expression (sticky) at the cursor and consumes it. */
  match(re: RegExp): string | undefined {
    const s = this.s;
    const m = new RegExp(re.source, 'y');
    m.lastIndex = s.i;
    const r = m.exec(s.text);
    if (!r) return undefined;
    this.advance(r[0].length);
    return r[0];
  }

  readIncludeFile(name: string, pos: SrcPos): Uint8Array {
    const dirs = [dirname(this.s.file), ...this.includeDirs];
    for (const d of dirs) {
      const b = this.reader?.readFile(joinPath(d, name));
      if (b !== undefined) return b;
    }
    throw new DtsError(pos, `Couldn't open "${name}": No such file or directory`);
  }
}
