// A loaded Kconfig tree and its configuration: the entry point of the
// library. Load with Kconfig.load(root); read and change values through the
// symbols and choices; read and write .config files (see config-reader.ts
// and config-writer.ts for the formats).

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Tri, TRI_STR, exprValue, exprToStringWithValues, splitExpr } from './expr.ts';
import { KconfigError } from './kconfig-error.ts';
import { KconfigSymbol } from './symbol.ts';
import { Choice } from './choice.ts';
import { MenuNode } from './menu-node.ts';
import { Parser, type ParseTarget } from './parser.ts';
import { finalizeTree } from './finalize.ts';
import { checkDependencyLoops } from './dep-loop.ts';
import { evaluationOrder } from './eval-order.ts';
import { configText, minConfigText, toJson, toTypeScript } from './config-writer.ts';
import { readConfigText } from './config-reader.ts';

export type EvalPart = 'value' | 'visibility' | 'selection';

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  srcTree?: string;
  configPrefix?: string;
  /** Problems found in the Kconfig files while loading; .config problems are returned by loadConfig instead. */
  onWarning?: (msg: string) => void;
}

export class Kconfig {
  readonly y: KconfigSymbol;
  readonly m: KconfigSymbol;
  readonly n: KconfigSymbol;
  readonly top: MenuNode;
  readonly configPrefix: string;
  readonly warnings: string[] = [];
  /** Every Kconfig file read, relative to srctree where possible. */
  readonly files: string[] = [];
  /** Environment variables the Kconfig files used. */
  readonly envUsed: ReadonlySet<string>;
  /** Bumped on every change of a user value: cached values older than this are recomputed. */
  generation = 0;

  private readonly allSyms = new Map<string, KconfigSymbol>();
  private readonly constSyms = new Map<string, KconfigSymbol>();
  private readonly definedSyms = new Map<string, KconfigSymbol>();
  private readonly choiceList: Choice[] = [];
  private modulesSym: KconfigSymbol | undefined;
  private readonly onWarning: ((msg: string) => void) | undefined;
  /** Symbols given a value by the last loaded .config (for newSymbols). */
  lastLoaded = new Set<KconfigSymbol>();

  private constructor(rootFile: string, opts: LoadOptions) {
    this.onWarning = opts.onWarning;
    const env = opts.env ?? process.env;
    this.configPrefix = opts.configPrefix ?? env['CONFIG_'] ?? 'CONFIG_';
    // n first: every symbol's dependencies start out as n.
    this.n = new KconfigSymbol(this, 'n', true, 0);
    this.m = new KconfigSymbol(this, 'm', true, 1);
    this.y = new KconfigSymbol(this, 'y', true, 2);
    for (const c of [this.n, this.m, this.y]) {
      c.directDep = c.revDep = c.weakRevDep = this.n;
      this.constSyms.set(c.name, c);
    }
    this.top = new MenuNode(this, 'menu', undefined, rootFile, 1, true);
    this.top.prompt = { text: 'Main menu', cond: this.y };

    // 'm' in conditions means "m && <the modules symbol>", which is only known
    // once every file is read: those nodes are patched afterwards.
    const modulesUses: { b: KconfigSymbol }[] = [];
    const defined: KconfigSymbol[] = [];
    const namedChoices = new Map<string, Choice>();
    const choices: Choice[] = [];
    const target: ParseTarget = {
      kconfig: this,
      lookupSym: (name) => {
        let s = this.allSyms.get(name);
        if (!s) this.allSyms.set(name, (s = new KconfigSymbol(this, name, false)));
        return s;
      },
      lookupConst: (name) => {
        let s = this.constSyms.get(name);
        if (!s) this.constSyms.set(name, (s = new KconfigSymbol(this, name, true)));
        return s;
      },
      definedSyms: defined,
      choices,
      namedChoices,
      top: this.top,
      mainmenuText: undefined,
      modulesMarked: undefined,
      modulesUses,
      warn: (msg) => this.warn(msg),
      files: this.files,
    };
    const parser = new Parser(target, env, opts.srcTree ?? env['srctree'] ?? '');
    parser.parseRoot(rootFile);
    this.envUsed = parser.envUsed;
    if (target.mainmenuText !== undefined) this.top.prompt = { text: target.mainmenuText, cond: this.y };

    this.modulesSym = target.modulesMarked ?? this.allSyms.get('MODULES');
    if (this.modulesSym) for (const e of modulesUses) e.b = this.modulesSym;

    try {
      finalizeTree(this.top);
    } catch (e) {
      if (e instanceof RangeError) throw new KconfigError(rootFile, 0, 'menus nested too deeply');
      throw e;
    }
    for (const s of defined) if (!this.definedSyms.has(s.name)) this.definedSyms.set(s.name, s);
    for (const c of choices) if (!this.choiceList.includes(c)) this.choiceList.push(c);
    this.checkSanity();
    checkDependencyLoops([...this.definedSyms.values()], this.choiceList);
    this.generation++;
    // Compute every value once, so that a loop the static check cannot see
    // (through a choice's selection) is an error now rather than later.
    for (const s of this.definedSyms.values()) void s.strValue;
    for (const c of this.choiceList) void c.selection;
  }

  /** Parses the Kconfig tree rooted at rootFile (relative to srcTree). Throws KconfigError. */
  static load(rootFile: string, opts: LoadOptions = {}): Kconfig {
    return new Kconfig(rootFile, opts);
  }

  get mainmenuText(): string {
    return this.top.prompt!.text;
  }

  /** Defined symbols in definition order. */
  get symbols(): ReadonlyMap<string, KconfigSymbol> {
    return this.definedSyms;
  }

  /** Any symbol by name, including ones only referenced. */
  lookup(name: string): KconfigSymbol | undefined {
    return this.allSyms.get(name);
  }

  get choices(): readonly Choice[] {
    return this.choiceList;
  }

  /** The symbol that enables m (marked 'modules', else one named MODULES), when defined. */
  get modules(): KconfigSymbol | undefined {
    return this.modulesSym?.isDefined ? this.modulesSym : undefined;
  }

  modulesValue(): Tri {
    return this.modulesSym ? this.modulesSym.triValue : 0;
  }

  /** Called by symbols and choices when a user value changes. */
  changed(): void {
    this.generation++;
  }

  private readonly evalStack: { item: KconfigSymbol | Choice; what: EvalPart }[] = [];

  /**
   * Values are computed recursively; the loop check at load time follows
   * Kconfiglib and so cannot see loops that run through a choice's
   * selection (the selection depends on the visibility of its members).
   * Such a loop is reported here, when a value really needs itself.
   */
  enterEval(item: KconfigSymbol | Choice, what: EvalPart): void {
    const at = this.evalStack.findIndex((e) => e.item === item && e.what === what);
    if (at >= 0) {
      const names: string[] = [];
      for (const e of this.evalStack.slice(at)) {
        const n = e.item.kind === 'symbol' ? e.item.name : e.item.name ? `<choice ${e.item.name}>` : '<choice>';
        if (names[names.length - 1] !== n) names.push(n);
      }
      const node = item.nodes[0]!;
      this.evalStack.length = 0;
      throw new KconfigError(node.file, node.line, `dependency loop: ${[...names, names[0]].join(' -> ')} (the ${what} of ${names[0]} depends on itself)`);
    }
    this.evalStack.push({ item, what });
  }

  leaveEval(): void {
    this.evalStack.pop();
  }

  private order: (KconfigSymbol | Choice)[] | undefined;
  private warming = false;

  /**
   * Runs one value computation. A chain of dependencies too long for the
   * stack is handled by computing everything in dependency order first
   * (each step then recurses only a little) and trying again.
   */
  evaluate(item: KconfigSymbol | Choice, what: EvalPart, compute: () => void): void {
    const outermost = this.evalStack.length === 0;
    this.enterEval(item, what);
    try {
      compute();
    } catch (e) {
      if (!(e instanceof RangeError) || !outermost || this.warming) throw e;
      this.evalStack.length = 0;
      this.warmUp();
      this.evalStack.push({ item, what });
      compute();
    } finally {
      this.leaveEval();
    }
  }

  private warmUp(): void {
    this.order ??= evaluationOrder([...this.definedSyms.values()], this.choiceList);
    this.warming = true;
    try {
      for (const it of this.order) {
        void it.visibility;
        if (it.kind === 'symbol') void it.strValue;
        else void it.selection;
      }
    } finally {
      this.warming = false;
    }
  }

  warn(msg: string): void {
    this.warnings.push(msg);
    this.onWarning?.(msg);
  }

  loadConfig(path: string, opts: { replace?: boolean } = {}): string[] {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const msg = `${path}:0: cannot read configuration: ${(e as Error).message}`;
      this.warn(msg);
      return [msg];
    }
    return this.loadConfigText(text, path, opts);
  }

  loadConfigText(text: string, fileName: string, opts: { replace?: boolean } = {}): string[] {
    const warns = readConfigText(this, text, fileName, opts.replace ?? true);
    warns.push(...this.unmetSelectWarnings());
    // Returned to the caller rather than passed to onWarning (which is for
    // problems in the Kconfig files), so that they are reported once.
    this.warnings.push(...warns);
    return warns;
  }

  get configHeader(): string {
    return `# Automatically generated file; DO NOT EDIT.\n# ${this.mainmenuText}\n`;
  }

  configText(): string {
    return configText(this, this.configHeader);
  }

  writeConfig(path: string): void {
    writeIfChanged(path, this.configText());
  }

  minConfigText(): string {
    return minConfigText(this, '');
  }

  writeMinConfig(path: string): void {
    writeIfChanged(path, this.minConfigText());
  }

  toJson(): Record<string, boolean | number | string> {
    return toJson(this);
  }

  toTypeScript(): string {
    return toTypeScript(this);
  }

  /** Symbols that are visible, have a prompt and got no value from the last loaded .config (what oldconfig asks). */
  newSymbols(): KconfigSymbol[] {
    return [...this.definedSyms.values()].filter(
      (s) => s.visibility > 0 && s.nodes.some((n) => n.prompt) && !this.lastLoaded.has(s),
    );
  }

  /** The kernel tools' warning for each symbol selected while its own dependencies are unmet. */
  unmetSelectWarnings(): string[] {
    const out: string[] = [];
    for (const sym of this.definedSyms.values()) {
      if (sym.choice || (sym.origType !== 'bool' && sym.origType !== 'tristate')) continue;
      const rev = exprValue(sym.revDep);
      if (!rev) continue;
      const dd = exprValue(sym.directDep);
      if (dd >= rev) continue;
      let msg = `WARNING: unmet direct dependencies detected for ${sym.name}\n` +
        `  Depends on [${TRI_STR[dd]}]: ${exprToStringWithValues(sym.directDep)}\n` +
        `  Selected by [${TRI_STR[rev]}]:`;
      for (const term of splitExpr(sym.revDep, 'or')) {
        if (exprValue(term) > dd) msg += `\n  - ${exprToStringWithValues(term)}`;
      }
      out.push(msg);
    }
    return out;
  }

  private checkSanity(): void {
    for (const sym of this.definedSyms.values()) {
      const t = sym.origType;
      if (t === 'string' || t === 'int' || t === 'hex') {
        for (const d of sym.defaults) {
          if (d.value.kind !== 'symbol') {
            const node = sym.nodes[0]!;
            throw new KconfigError(node.file, node.line, `the default of the ${t} symbol ${sym.name} must be a value or a symbol, not an expression`);
          }
        }
      }
      if (t === 'unknown') this.warn(`${sym.nameAndLocation} defined without a type`);
      if (sym.ranges.length && t !== 'int' && t !== 'hex') this.warn(`the ${t} symbol ${sym.nameAndLocation} has ranges, but is not int or hex`);
      for (const s of sym.selects) {
        const tt = s.target.origType;
        if (tt !== 'bool' && tt !== 'tristate' && tt !== 'unknown') this.warn(`${sym.nameAndLocation} selects the ${tt} symbol ${s.target.name}, which is not bool or tristate`);
      }
    }
    for (const ch of this.choiceList) {
      if (ch.origType === 'unknown') {
        this.warn(`${ch.nameAndLocation} has no type (no member has one); it acts as bool`);
      } else if (ch.origType !== 'bool' && ch.origType !== 'tristate') {
        const node = ch.nodes[0]!;
        throw new KconfigError(node.file, node.line, `a choice must be bool or tristate, not ${ch.origType}`);
      }
      if (!ch.nodes.some((n) => n.prompt)) this.warn(`${ch.nameAndLocation} defined without a prompt`);
    }
  }
}

function writeIfChanged(path: string, text: string): void {
  if (existsSync(path)) {
    try {
      if (readFileSync(path, 'utf8') === text) return;
    } catch {
      // Unreadable: overwrite below.
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
