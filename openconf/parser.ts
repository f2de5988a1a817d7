// Kconfig parser (kconfig-language.rst, "Menu entries" and "Menu attributes").
// Line oriented like the language: an entry keyword starts an entry, the
// indented attribute lines after it belong to it, blocks (menu, choice, if)
// nest until their end keyword. 'source' reads another file in place
// (relative to srctree; 'rsource' relative to the current file; 'o' variants
// tolerate a missing file; 'g' variants glob).

import { readFileSync, readdirSync, existsSync, realpathSync } from 'node:fs';
import { join, dirname, isAbsolute, sep } from 'node:path';
import { KconfigError } from './kconfig-error.ts';
import { Preprocessor, type Token } from './lexer.ts';
import { type Expr, type RelOp, makeAnd } from './expr.ts';
import { MenuNode } from './menu-node.ts';
import { KconfigSymbol, type SymbolType } from './symbol.ts';
import { Choice } from './choice.ts';
import type { Kconfig } from './kconfig.ts';

interface SourceFile {
  name: string;
  lines: string[];
  idx: number;
  line: number;
}

const TYPE_WORDS: Record<string, SymbolType> = {
  bool: 'bool', boolean: 'bool', tristate: 'tristate', int: 'int', hex: 'hex', string: 'string',
};
const DEF_WORDS: Record<string, SymbolType> = {
  def_bool: 'bool', def_tristate: 'tristate', def_int: 'int', def_hex: 'hex', def_string: 'string',
};
const RELATIONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Internal state a Kconfig exposes to its parser. */
export interface ParseTarget {
  kconfig: Kconfig;
  lookupSym(name: string): KconfigSymbol;
  lookupConst(name: string): KconfigSymbol;
  definedSyms: KconfigSymbol[];
  choices: Choice[];
  namedChoices: Map<string, Choice>;
  top: MenuNode;
  mainmenuText: string | undefined;
  modulesMarked: KconfigSymbol | undefined;
  /** The 'm && MODULES' nodes made so far; their MODULES is fixed once the modules symbol is known. */
  modulesUses: { b: KconfigSymbol }[];
  warn(msg: string): void;
  files: string[];
}

export class Parser {
  private readonly pp: Preprocessor;
  private readonly stack: { file: SourceFile; via: { file: string; line: number } | undefined }[] = [];
  private cur!: SourceFile;
  private toks: Token[] = [];
  private ti = 0;
  private rawLine = '';
  private reuse = false;
  private readonly srcPrefix: string;

  constructor(
    private readonly k: ParseTarget,
    private readonly env: Record<string, string | undefined>,
    private readonly srcTree: string,
  ) {
    this.pp = new Preprocessor(
      env,
      (msg) => this.fail(msg),
      (msg) => k.warn(msg),
      () => ({ file: this.cur?.name ?? '', line: this.cur?.line ?? 0 }),
    );
    let root = srcTree || '.';
    try {
      root = realpathSync(root);
    } catch {
      // A missing srctree shows up as the root file not being found.
    }
    this.srcPrefix = root.endsWith(sep) ? root : root + sep;
  }

  get envUsed(): ReadonlySet<string> {
    return this.pp.envUsed;
  }

  parseRoot(rootFile: string): void {
    const path = isAbsolute(rootFile) ? rootFile : join(this.srcTree, rootFile);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new KconfigError(rootFile, 0, `cannot read Kconfig file: ${(e as Error).message}`);
    }
    // Names in messages are relative to srctree, as for sourced files.
    const real = (() => {
      try {
        return realpathSync(path);
      } catch {
        return path;
      }
    })();
    this.enter(real.startsWith(this.srcPrefix) ? real.slice(this.srcPrefix.length) : rootFile, text, undefined);
    try {
      this.parseBlock(undefined, this.k.top);
    } catch (e) {
      // Blocks and expressions nest by recursion; absurd depth ends here.
      if (e instanceof RangeError) throw new KconfigError(this.cur.name, this.cur.line, 'nesting too deep');
      throw e;
    }
  }

  private fail(msg: string): never {
    const line = this.rawLine.trim();
    throw new KconfigError(this.cur.name, this.cur.line, line ? `${msg} (in '${line}')` : msg);
  }

  private warnHere(msg: string): void {
    this.k.warn(`${this.cur.name}:${this.cur.line}: ${msg}`);
  }

  private enter(name: string, text: string, via: { file: string; line: number } | undefined): void {
    if (this.cur) this.stack.push({ file: this.cur, via });
    for (const s of this.stack) {
      if (s.file.name === name) {
        const chain = this.stack.map((x) => `${x.file.name}:${x.file.line}`).join(' -> ');
        throw new KconfigError(via!.file, via!.line, `recursive 'source' of '${name}' (include path: ${chain})`);
      }
    }
    this.cur = { name, lines: text.split(/(?<=\n)/), idx: 0, line: 0 };
    this.k.files.push(name);
  }

  private leave(): void {
    this.cur = this.stack.pop()!.file;
  }

  private readRaw(): string {
    if (this.cur.idx >= this.cur.lines.length) return '';
    this.cur.line++;
    return this.cur.lines[this.cur.idx++]!;
  }

  /** Next logical line's tokens; false at end of file. Blank/comment lines give []. */
  private nextLine(): boolean {
    if (this.reuse) {
      this.reuse = false;
      return true;
    }
    let line = this.readRaw();
    if (!line) return false;
    line = this.joinContinuations(line);
    this.tokenize(line);
    return true;
  }

  private joinContinuations(line: string): string {
    while (line.endsWith('\\\n') || line.endsWith('\\\r\n')) {
      line = line.slice(0, line.endsWith('\r\n') ? -3 : -2) + this.readRaw();
    }
    return line;
  }

  private tokenize(line: string): void {
    this.rawLine = line;
    this.toks = this.pp.tokenize(line.replace(/\r\n$/, '\n')) ?? [];
    this.ti = 1;
  }

  private peek(): Token | undefined {
    return this.toks[this.ti];
  }

  private isKw(t: Token | undefined, v: string): boolean {
    return t !== undefined && t.t === 'kw' && t.v === v;
  }

  private checkKw(v: string): boolean {
    if (this.isKw(this.peek(), v)) {
      this.ti++;
      return true;
    }
    return false;
  }

  private expectEol(): void {
    if (this.ti < this.toks.length) this.fail('extra tokens at end of line');
  }

  /** A string argument; an unquoted word is accepted as in the C tools. */
  private expectString(what: string, quietUnquoted = false): string {
    const t = this.peek();
    if (t && (t.t === 'str' || t.t === 'id')) {
      if (t.t === 'id' && !quietUnquoted) this.warnHere(`style: quotes recommended around '${t.v}'`);
      this.ti++;
      return t.v;
    }
    this.fail(`expected ${what}`);
  }

  private symFromToken(t: Token | undefined): KconfigSymbol | undefined {
    if (!t) return undefined;
    if (t.t === 'id') {
      return t.v === 'y' || t.v === 'm' || t.v === 'n' ? this.k.lookupConst(t.v) : this.k.lookupSym(t.v);
    }
    if (t.t === 'str') return this.k.lookupConst(t.v);
    return undefined;
  }

  private expectSym(): KconfigSymbol {
    const s = this.symFromToken(this.peek());
    if (!s) this.fail('expected a symbol');
    this.ti++;
    return s;
  }

  // expr     := andExpr ('||' expr)?
  // andExpr  := factor ('&&' andExpr)?
  // factor   := symbol (relop symbol)? | '!' factor | '(' expr ')'
  // In conditions (transformM), a bare m means "m && MODULES".
  private parseExpr(transformM: boolean): Expr {
    const a = this.parseAnd(transformM);
    const t = this.peek();
    if (t && t.t === 'op' && t.v === '||') {
      this.ti++;
      return { kind: 'or', a, b: this.parseExpr(transformM) };
    }
    return a;
  }

  private parseAnd(transformM: boolean): Expr {
    const a = this.parseFactor(transformM);
    const t = this.peek();
    if (t && t.t === 'op' && t.v === '&&') {
      this.ti++;
      return { kind: 'and', a, b: this.parseAnd(transformM) };
    }
    return a;
  }

  private parseFactor(transformM: boolean): Expr {
    const t = this.peek();
    const sym = this.symFromToken(t);
    if (sym) {
      this.ti++;
      const r = this.peek();
      if (r && r.t === 'op' && RELATIONS.has(r.v)) {
        this.ti++;
        const b = this.symFromToken(this.peek());
        if (!b) this.fail('malformed expression: expected a symbol after ' + r.v);
        this.ti++;
        return { kind: 'rel', op: r.v as RelOp, a: sym, b };
      }
      if (transformM && sym.isConstant && sym.name === 'm') {
        const e = { kind: 'and' as const, a: sym, b: this.k.lookupSym('MODULES') };
        this.k.modulesUses.push(e);
        return e;
      }
      return sym;
    }
    if (t && t.t === 'op' && t.v === '!') {
      this.ti++;
      return { kind: 'not', a: this.parseFactor(transformM) };
    }
    if (t && t.t === 'op' && t.v === '(') {
      this.ti++;
      const e = this.parseExpr(transformM);
      const c = this.peek();
      if (c && c.t === 'op' && c.v === ')') {
        this.ti++;
        return e;
      }
      this.fail("malformed expression: missing ')'");
    }
    this.fail('malformed expression');
  }

  private expectExprEol(): Expr {
    if (this.ti >= this.toks.length) this.fail('expected an expression');
    const e = this.parseExpr(true);
    this.expectEol();
    return e;
  }

  /** Optional 'if <expr>' at the end of a line. */
  private parseCond(): Expr {
    const e = this.checkKw('if') ? this.parseExpr(true) : this.k.kconfig.y;
    this.expectEol();
    return e;
  }

  private newNode(item: MenuNode['item'], parent: MenuNode, isMenuconfig: boolean): MenuNode {
    return new MenuNode(this.k.kconfig, item, parent, this.cur.name, this.cur.line, isMenuconfig);
  }

  /** Parses entries until endKw (or end of file when endKw is undefined), appending to parent.children. */
  private parseBlock(endKw: string | undefined, parent: MenuNode): void {
    while (this.nextLine()) {
      const t0 = this.toks[0];
      if (!t0) continue;
      if (t0.t !== 'kw') this.fail('unknown statement');
      const kw = t0.v;
      if (kw === endKw) {
        this.expectEol();
        return;
      }
      switch (kw) {
        case 'config':
        case 'menuconfig': {
          const t = this.peek();
          if (!t || t.t !== 'id' || t.v === 'y' || t.v === 'm' || t.v === 'n') this.fail('missing or bad symbol name');
          this.ti++;
          this.expectEol();
          const sym = this.k.lookupSym(t.v);
          this.k.definedSyms.push(sym);
          const node = this.newNode(sym, parent, kw === 'menuconfig');
          sym.nodes.push(node);
          this.parseProps(node);
          if (node.isMenuconfig && !node.prompt) this.k.warn(`the menuconfig symbol ${sym.nameAndLocation} has no prompt`);
          parent.children.push(node);
          break;
        }
        case 'source': case 'rsource': case 'osource': case 'orsource': case 'gsource': case 'grsource':
          this.parseSource(kw, parent);
          break;
        case 'if': {
          const node = this.newNode('comment', parent, false);
          node.isIf = true;
          node.dep = this.expectExprEol();
          this.parseBlock('endif', node);
          parent.children.push(node);
          break;
        }
        case 'menu': {
          const node = this.newNode('menu', parent, true);
          node.prompt = { text: this.expectString('a menu title'), cond: this.k.kconfig.y };
          this.expectEol();
          this.parseProps(node);
          this.parseBlock('endmenu', node);
          parent.children.push(node);
          break;
        }
        case 'comment': {
          const node = this.newNode('comment', parent, false);
          node.prompt = { text: this.expectString('a comment text'), cond: this.k.kconfig.y };
          this.expectEol();
          this.parseProps(node);
          parent.children.push(node);
          break;
        }
        case 'choice': {
          let choice: Choice;
          if (this.ti < this.toks.length) {
            const name = this.expectString('a choice name', true);
            this.expectEol();
            let c = this.k.namedChoices.get(name);
            if (!c) {
              c = new Choice(this.k.kconfig, name);
              this.k.namedChoices.set(name, c);
            }
            choice = c;
          } else {
            choice = new Choice(this.k.kconfig, undefined);
          }
          this.k.choices.push(choice);
          const node = this.newNode(choice, parent, true);
          choice.nodes.push(node);
          this.parseProps(node);
          this.parseBlock('endchoice', node);
          parent.children.push(node);
          break;
        }
        case 'mainmenu':
          this.k.mainmenuText = this.expectString('a title');
          this.expectEol();
          break;
        case 'endchoice':
        case 'endif':
        case 'endmenu':
          this.fail(`'${kw}' without '${kw.slice(3)}'`);
        default:
          this.fail(`'${kw}' is not valid here (expected an entry such as config, menu, choice, if, source)`);
      }
    }
    if (endKw) {
      throw new KconfigError(this.cur.name, this.cur.line, `missing '${endKw}' at end of file`);
    }
  }

  private parseSource(kw: string, parent: MenuNode): void {
    const line = this.cur.line;
    let pattern = this.expectString('a file name', true);
    this.expectEol();
    if (kw === 'rsource' || kw === 'orsource' || kw === 'grsource') pattern = join(dirname(this.cur.name), pattern);
    const full = isAbsolute(pattern) ? pattern : this.srcPrefix + pattern;
    const found = /[*?[]/.test(pattern) ? globFiles(full) : existsSync(full) ? [full] : [];
    const optional = kw === 'osource' || kw === 'orsource' || kw === 'gsource' || kw === 'grsource';
    if (!found.length) {
      if (optional) return;
      throw new KconfigError(this.cur.name, line,
        `'${pattern}' not found (in '${this.rawLine.trim()}'); srctree is ${this.srcTree ? `'${this.srcTree}'` : 'unset'}; unset environment variables expand to the empty string`);
    }
    const via = { file: this.cur.name, line };
    for (const f of found) {
      const rel = f.startsWith(this.srcPrefix) ? f.slice(this.srcPrefix.length) : f;
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch (e) {
        throw new KconfigError(via.file, via.line, `could not read '${rel}': ${(e as Error).message}`);
      }
      this.enter(rel, text, via);
      this.parseBlock(undefined, parent);
      this.leave();
    }
  }

  private setType(node: MenuNode, type: SymbolType): void {
    const item = node.item;
    if (item === 'menu' || item === 'comment') this.fail('a type is only valid for config and choice entries');
    if (item.origType !== 'unknown' && item.origType !== type) {
      this.k.warn(`${item.nameAndLocation} defined with multiple types, ${type} will be used`);
    }
    item.origType = type as never;
  }

  private parsePrompt(node: MenuNode): void {
    if (node.prompt) this.warnHere('multiple prompts in a single definition; the last one is used');
    let text = this.expectString('a prompt string');
    if (text !== text.trim()) {
      this.warnHere('leading or trailing whitespace in prompt');
      text = text.trim();
    }
    node.prompt = { text, cond: this.parseCond() };
  }

  private parseProps(node: MenuNode): void {
    const isSym = node.item instanceof KconfigSymbol;
    while (this.nextLine()) {
      const t0 = this.toks[0];
      if (!t0) continue;
      const kw = t0.t === 'kw' ? t0.v : '';
      if (kw in TYPE_WORDS) {
        this.setType(node, TYPE_WORDS[kw]!);
        if (this.ti < this.toks.length) this.parsePrompt(node);
      } else if (kw in DEF_WORDS) {
        this.setType(node, DEF_WORDS[kw]!);
        node.defaults.push({ value: this.parseExpr(false), cond: this.parseCond() });
      } else if (kw === 'prompt') {
        this.parsePrompt(node);
      } else if (kw === 'depends') {
        if (!this.checkKw('on')) this.fail("expected 'on' after 'depends'");
        node.dep = makeAnd(node.dep, this.expectExprEol());
      } else if (kw === 'help') {
        this.parseHelp(node);
      } else if (kw === 'default') {
        if (this.ti >= this.toks.length) this.fail('expected a default value');
        node.defaults.push({ value: this.parseExpr(false), cond: this.parseCond() });
      } else if (kw === 'select' || kw === 'imply') {
        if (!isSym) this.fail(`only symbols can ${kw}`);
        const t = this.peek();
        const target = t && t.t === 'id' && !['y', 'm', 'n'].includes(t.v) ? this.k.lookupSym(t.v) : undefined;
        if (!target) this.fail(`expected a symbol name after '${kw}'`);
        this.ti++;
        (kw === 'select' ? node.selects : node.implies).push({ target, cond: this.parseCond() });
      } else if (kw === 'range') {
        const low = this.expectSym();
        const high = this.expectSym();
        node.ranges.push({ low, high, cond: this.parseCond() });
      } else if (kw === 'visible') {
        if (!this.checkKw('if')) this.fail("expected 'if' after 'visible'");
        node.visibleIf = makeAnd(node.visibleIf, this.expectExprEol());
      } else if (kw === 'optional') {
        if (!(node.item instanceof Choice)) this.fail("'optional' is only valid for choices");
        this.expectEol();
        node.item.isOptional = true;
      } else if (kw === 'modules') {
        this.expectEol();
        this.markModules(node);
      } else if (kw === 'option') {
        this.parseOption(node);
      } else if (kw === 'transitional') {
        this.fail("'transitional' is not supported");
      } else {
        this.reuse = true;
        return;
      }
    }
  }

  private markModules(node: MenuNode): void {
    if (!(node.item instanceof KconfigSymbol)) this.fail("'modules' is only valid for symbols");
    if (this.k.modulesMarked && this.k.modulesMarked !== node.item) {
      this.warnHere(`'modules' set on both ${this.k.modulesMarked.name} and ${node.item.name}; ${this.k.modulesMarked.name} is used`);
      return;
    }
    this.k.modulesMarked = node.item;
  }

  private parseOption(node: MenuNode): void {
    const t = this.peek();
    this.ti++;
    if (this.isKw(t, 'env')) {
      const eq = this.peek();
      if (!eq || eq.t !== 'op' || eq.v !== '=') this.fail("expected '=' after 'env'");
      this.ti++;
      const name = this.expectString('an environment variable name', true);
      this.expectEol();
      if (!(node.item instanceof KconfigSymbol)) this.fail("'option env' is only valid for symbols");
      node.item.envVar = name;
      const v = this.env[name];
      if (v !== undefined) node.defaults.push({ value: this.k.lookupConst(v), cond: this.k.kconfig.y });
      else this.warnHere(`${node.item.name} has 'option env="${name}"', but the environment variable ${name} is not set`);
    } else if (this.isKw(t, 'defconfig_list')) {
      this.expectEol();
      if (node.item instanceof KconfigSymbol) node.item.isDefconfigList = true;
    } else if (this.isKw(t, 'modules')) {
      this.expectEol();
      this.markModules(node);
    } else if (this.isKw(t, 'allnoconfig_y')) {
      this.expectEol();
    } else {
      this.fail(`unknown option '${t ? t.v : ''}'`);
    }
  }

  // Help text: every following line indented at least as much as the first
  // non-blank one; tabs count to the next multiple of 8.
  private parseHelp(node: MenuNode): void {
    this.expectEol();
    if (node.help !== undefined) this.warnHere('more than one help text; the last one is used');
    let line: string;
    for (;;) {
      line = this.readRaw();
      if (!line || line.trim() !== '') break;
    }
    const first = expandTabs(line.replace(/\r?\n$/, ''));
    const indent = first.length - first.trimStart().length;
    if (!line || indent === 0) {
      node.help = '';
      if (line) this.afterHelp(line);
      return;
    }
    const out = [first.slice(indent)];
    for (;;) {
      line = this.readRaw();
      if (!line) break;
      if (line.trim() === '') {
        out.push('');
        continue;
      }
      const ex = expandTabs(line.replace(/\r?\n$/, ''));
      if (ex.length - ex.trimStart().length < indent) break;
      out.push(ex.slice(indent));
    }
    node.help = out.join('\n').replace(/\s+$/, '');
    if (line) this.afterHelp(line);
  }

  private afterHelp(line: string): void {
    this.tokenize(this.joinContinuations(line));
    this.reuse = true;
  }
}

function expandTabs(s: string): string {
  let out = '';
  for (const c of s) {
    if (c === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += c;
  }
  return out;
}

/** Sorted matches of a path pattern with * ? [..] in any component. */
function globFiles(pattern: string): string[] {
  const parts = pattern.split(sep);
  let paths = [parts[0] === '' ? sep : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const next: string[] = [];
    for (const base of paths) {
      if (!/[*?[]/.test(part)) {
        const p = join(base, part);
        if (existsSync(p)) next.push(p);
        continue;
      }
      const re = new RegExp('^' + part.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
      let names: string[] = [];
      try {
        names = readdirSync(base);
      } catch {
        names = [];
      }
      for (const n of names) if (re.test(n) && !n.startsWith('.')) next.push(join(base, n));
    }
    paths = next;
  }
  return paths.sort();
}
