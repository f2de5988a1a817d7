// Line tokenizer and preprocessor for Kconfig files (kconfig-language.rst and
// kconfig-macro-language.rst): keywords, identifiers, quoted strings with
// backslash escapes, operators, '#' comments, $(VAR) / $(fn,args) macros,
// variable assignments (=, :=, +=) and, inside strings, $VAR / ${VAR}
// from the environment (as Kconfiglib does for old-style 'source "$SRCARCH/..."').

import { spawnSync } from 'node:child_process';

export const KEYWORDS = new Set([
  'config', 'menuconfig', 'choice', 'endchoice', 'menu', 'endmenu', 'if', 'endif',
  'source', 'rsource', 'osource', 'orsource', 'gsource', 'grsource',
  'comment', 'mainmenu', 'bool', 'boolean', 'tristate', 'int', 'hex', 'string',
  'def_bool', 'def_tristate', 'def_int', 'def_hex', 'def_string', 'prompt', 'default',
  'depends', 'on', 'select', 'imply', 'range', 'visible', 'help', 'option', 'env',
  'defconfig_list', 'modules', 'allnoconfig_y', 'optional', 'transitional',
]);

export type Op = '&&' | '||' | '!' | '(' | ')' | '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
  | { t: 'kw'; v: string }
  | { t: 'id'; v: string }
  | { t: 'str'; v: string }
  | { t: 'op'; v: Op };

export interface Location {
  readonly file: string;
  readonly line: number;
}

interface Variable {
  value: string;
  recursive: boolean;
  expanding: number;
}

const ID_CHARS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$/.-') ID_CHARS[c.charCodeAt(0)] = 1;
const ID_CHAR = { test: (c: string): boolean => c.length === 1 && c.charCodeAt(0) < 128 && ID_CHARS[c.charCodeAt(0)] === 1 };

export class Preprocessor {
  private readonly vars = new Map<string, Variable>();
  /** Environment variables the Kconfig files referenced (for dependency tracking by callers). */
  readonly envUsed = new Set<string>();

  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly fail: (msg: string) => never,
    private readonly warn: (msg: string) => void,
    private readonly where: () => Location,
  ) {}

  /** Expands every $(...) in s. */
  expandAll(s: string, args: string[] = []): string {
    let i = 0;
    for (;;) {
      const j = s.indexOf('$(', i);
      if (j < 0) return s;
      [s, i] = this.expandMacroAt(s, j, args);
    }
  }

  /** Expands the macro starting at s[i] ("$("); returns the new line and the index after the expansion. */
  expandMacroAt(s: string, i: number, args: string[]): [string, number] {
    const head = s.slice(0, i);
    let j = i + 2;
    let argStart = j;
    const parts: string[] = [];
    let nesting = 0;
    for (;;) {
      if (j >= s.length) this.fail('missing end parenthesis in macro expansion');
      if (s.startsWith('$(', j)) {
        [s, j] = this.expandMacroAt(s, j, args);
        continue;
      }
      const c = s[j];
      if (c === '(') {
        nesting++;
      } else if (c === ')') {
        if (nesting) nesting--;
        else {
          parts.push(s.slice(argStart, j));
          const value = this.call(parts, args);
          const res = head + value;
          return [res + s.slice(j + 1), res.length];
        }
      } else if (c === ',' && !nesting) {
        parts.push(s.slice(argStart, j));
        argStart = j + 1;
      }
      j++;
    }
  }

  private call(parts: string[], args: string[]): string {
    const fn = parts[0]!;
    const n = Number(fn);
    if (/^\d+$/.test(fn) && n < args.length) return args[n]!;
    const v = this.vars.get(fn);
    if (v) {
      if (parts.length === 1 && v.expanding) this.fail(`preprocessor variable ${fn} recursively references itself`);
      if (v.expanding > 100) this.fail(`preprocessor function ${fn} seems stuck in infinite recursion`);
      v.expanding++;
      try {
        return v.recursive ? this.expandAll(v.value, parts) : v.value;
      } finally {
        v.expanding--;
      }
    }
    const argc = parts.length - 1;
    const need = (k: number): void => {
      if (argc !== k) this.fail(`bad number of arguments in call to ${fn}, expected ${k}, got ${argc}`);
    };
    switch (fn) {
      case 'filename': need(0); return this.where().file;
      case 'lineno': need(0); return String(this.where().line);
      case 'info': need(1); this.warn(parts[1]!); return '';
      case 'warning-if':
        need(2);
        if (parts[1] === 'y') this.warn(`${this.where().file}:${this.where().line}: ${parts[2]}`);
        return '';
      case 'error-if':
        need(2);
        if (parts[1] === 'y') this.fail(parts[2]!);
        return '';
      case 'shell': {
        need(1);
        const r = spawnSync('/bin/sh', ['-c', parts[1]!], { encoding: 'utf8', env: this.env as NodeJS.ProcessEnv });
        if (r.status !== 0 && r.stderr) this.warn(`${this.where().file}:${this.where().line}: $(shell,${parts[1]}): ${r.stderr.trim()}`);
        return (r.stdout ?? '').replace(/\n+$/, '').replace(/\n/g, ' ');
      }
    }
    const e = this.env[fn];
    if (e !== undefined) {
      this.envUsed.add(fn);
      return e;
    }
    return '';
  }

  /** $VAR and ${VAR} from the environment; unknown ones stay as written. */
  expandEnvVars(s: string): string {
    if (!s.includes('$')) return s;
    return s.replace(/\$(\w+|\{[^}]*\})/g, (m, name: string) => {
      const key = name.startsWith('{') ? name.slice(1, -1) : name;
      const v = this.env[key];
      if (v === undefined) return m;
      this.envUsed.add(key);
      return v;
    });
  }

  /** A line whose first word is not a keyword: 'NAME = value', 'NAME := value', 'NAME += value' or a bare macro. */
  assignment(line: string): void {
    let s = line.trimStart();
    let i = 0;
    for (;;) {
      while (i < s.length && /[A-Za-z0-9_-]/.test(s[i]!)) i++;
      if (s.startsWith('$(', i)) [s, i] = this.expandMacroAt(s, i, []);
      else break;
    }
    if (s.trim() === '') return;
    const name = s.slice(0, i);
    const m = /^\s*(=|:=|\+=)\s*(.*)$/.exec(s.slice(i).replace(/\n$/, ''));
    if (!m || name === '') {
      const word = /^\S+/.exec(s)?.[0] ?? s;
      this.fail(`unknown statement '${word}'`);
    }
    let op = m[1]!;
    const val = m[2]!;
    let v = this.vars.get(name);
    if (!v) {
      v = { value: '', recursive: true, expanding: 0 };
      this.vars.set(name, v);
      if (op === '+=') op = '=';
    }
    if (op === '=') {
      v.recursive = true;
      v.value = val;
    } else if (op === ':=') {
      v.recursive = false;
      v.value = this.expandAll(val);
    } else {
      v.value += ' ' + (v.recursive ? val : this.expandAll(val));
    }
  }

  /**
   * Splits one logical line into tokens. Returns null for lines that held
   * only an assignment, a comment or nothing.
   */
  tokenize(line: string): Token[] | null {
    const first = /^\s*([A-Za-z0-9_$-]+)\s*/.exec(line);
    if (!first) {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return null;
      this.fail('unknown token at start of line');
    }
    const word = first[1]!;
    if (!KEYWORDS.has(word)) {
      // Old spellings such as ---help--- and -help-.
      if (line.replace(/^[ \t\n-]+|[ \t\n-]+$/g, '') === 'help') return [{ t: 'kw', v: 'help' }];
      this.assignment(line);
      return null;
    }
    const toks: Token[] = [{ t: 'kw', v: word }];
    let s = line;
    let i = first[0].length;
    while (i < s.length) {
      const c = s[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
        i++;
        continue;
      }
      if (ID_CHAR.test(c)) {
        let j = i;
        while (j < s.length && ID_CHAR.test(s[j]!)) j++;
        const raw = s.slice(i, j);
        if (KEYWORDS.has(raw)) {
          toks.push({ t: 'kw', v: raw });
          i = j;
          continue;
        }
        if (raw.includes('$') && /^[A-Za-z0-9_$/.-]*\$\(/.test(s.slice(i))) {
          // Expand macros inside the name; the name runs to the next
          // character that cannot be part of a name.
          let k = i;
          for (;;) {
            while (k < s.length && ID_CHAR.test(s[k]!) && !s.startsWith('$(', k)) k++;
            if (s.startsWith('$(', k)) [s, k] = this.expandMacroAt(s, k, []);
            else break;
          }
          const name = s.slice(i, k);
          if (name.trim() === '') this.fail('macro expanded to blank string');
          toks.push({ t: 'id', v: name });
          i = k;
          continue;
        }
        toks.push({ t: 'id', v: raw });
        i = j;
        continue;
      }
      if (c === '"' || c === "'") {
        let j = i + 1;
        let val = '';
        for (;;) {
          if (j >= s.length || s[j] === '\n') this.fail('unterminated string');
          if (s[j] === c) break;
          if (s[j] === '\\' && j + 1 < s.length) {
            val += s[j + 1];
            j += 2;
          } else if (s.startsWith('$(', j)) {
            const start = j;
            [s, j] = this.expandMacroAt(s, j, []);
            val += s.slice(start, j);
          } else {
            val += s[j];
            j++;
          }
        }
        toks.push({ t: 'str', v: this.expandEnvVars(val) });
        i = j + 1;
        continue;
      }
      if (c === '#') break;
      const two = s.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '!=' || two === '<=' || two === '>=') {
        toks.push({ t: 'op', v: two });
        i += 2;
        continue;
      }
      if (c === '!' || c === '(' || c === ')' || c === '=' || c === '<' || c === '>') {
        toks.push({ t: 'op', v: c });
        i++;
        continue;
      }
      this.fail('unknown tokens in line');
    }
    return toks;
  }
}

