// A Kconfig symbol and the calculation of its value (kconfig-language.rst,
// "Menu attributes" and "Menu dependencies"). The rules are the ones
// Kconfiglib implements, the reference for this project:
//  - visibility is the best prompt condition; m is promoted to y for
//    non-tristate symbols; choice symbols follow the choice's mode;
//  - a visible symbol with a user value takes it (capped by visibility);
//    otherwise the first default whose condition holds (capped by it), then
//    'imply' (only when the direct dependencies hold);
//  - 'select' raises the value to the reverse dependency, whatever the rest;
//  - m becomes y for bool symbols and when implied at y;
//  - int/hex: a user value outside the active range is ignored, a default
//    outside it is clamped to the nearest end.
// Values are cached per configuration generation (any assignment anywhere
// bumps it), so getters are cheap and never stale.

import { type Expr, type Tri, TRI_STR, exprValue } from './expr.ts';
import { parseNumber, toHex } from './numbers.ts';
import type { Kconfig } from './kconfig.ts';
import type { MenuNode } from './menu-node.ts';
import type { Choice } from './choice.ts';

export type SymbolType = 'bool' | 'tristate' | 'int' | 'hex' | 'string' | 'unknown';

export class KconfigSymbol {
  readonly kind = 'symbol' as const;
  readonly name: string;
  readonly kconfig: Kconfig;
  /** y, m, n and quoted values in expressions. */
  readonly isConstant: boolean;
  /** Declared type; 'type' is the effective one (tristate acts as bool without modules). */
  origType: SymbolType = 'unknown';
  nodes: MenuNode[] = [];
  defaults: { value: Expr; cond: Expr }[] = [];
  selects: { target: KconfigSymbol; cond: Expr }[] = [];
  implies: { target: KconfigSymbol; cond: Expr }[] = [];
  ranges: { low: KconfigSymbol; high: KconfigSymbol; cond: Expr }[] = [];
  selectedBy: KconfigSymbol[] = [];
  impliedBy: KconfigSymbol[] = [];
  directDep: Expr;
  revDep: Expr;
  weakRevDep: Expr;
  choice: Choice | undefined = undefined;
  /** From 'option env="X"': never written to .config. */
  envVar: string | undefined = undefined;
  isDefconfigList = false;
  /** Tri for bool/tristate, text otherwise. */
  user: Tri | string | undefined = undefined;

  private readonly fixedTri: Tri | undefined;
  private gen = -1;
  private cTri: Tri = 0;
  private cStr = '';
  private cWrite = false;
  private visGen = -1;
  private cVis: Tri = 0;

  constructor(kconfig: Kconfig, name: string, isConstant: boolean, fixedTri?: Tri) {
    this.kconfig = kconfig;
    this.name = name;
    this.isConstant = isConstant;
    this.fixedTri = fixedTri;
    if (fixedTri !== undefined) this.origType = 'tristate';
    // y/m/n are created before anything else exists; they point at themselves
    // until the Kconfig replaces these with n.
    this.directDep = this.revDep = this.weakRevDep = (kconfig.n ?? this) as Expr;
  }

  get isDefined(): boolean {
    return this.nodes.length > 0;
  }

  get type(): SymbolType {
    if (this.origType === 'tristate' && this.fixedTri === undefined &&
        ((this.choice && this.choice.triValue === 2) || this.kconfig.modulesValue() === 0)) {
      return 'bool';
    }
    return this.origType;
  }

  get userValue(): string | undefined {
    if (this.user === undefined) return undefined;
    return typeof this.user === 'number' ? TRI_STR[this.user] : this.user;
  }

  get visibility(): Tri {
    if (this.visGen !== this.kconfig.generation) {
      this.kconfig.evaluate(this, 'visibility', () => {
        this.cVis = this.computeVisibility();
      });
      this.visGen = this.kconfig.generation;
    }
    return this.cVis;
  }

  get triValue(): Tri {
    if (this.fixedTri !== undefined) return this.fixedTri;
    this.calc();
    return this.cTri;
  }

  get strValue(): string {
    if (this.fixedTri !== undefined) return TRI_STR[this.fixedTri];
    this.calc();
    return this.cStr;
  }

  /** Whether the symbol appears in .config (as a value or 'is not set'). */
  get writtenToConfig(): boolean {
    if (this.fixedTri !== undefined || !this.isDefined) return false;
    this.calc();
    return this.cWrite;
  }

  /** The values a user may give a bool/tristate symbol now (empty when none). */
  get assignable(): readonly Tri[] {
    if (this.origType !== 'bool' && this.origType !== 'tristate') return [];
    const vis = this.visibility;
    if (vis === 0) return [];
    const rev = exprValue(this.revDep);
    const weakY = exprValue(this.weakRevDep) === 2;
    const boolish = this.type === 'bool' || weakY;
    if (vis === 2) {
      if (this.choice) return [2];
      if (rev === 0) return boolish ? [0, 2] : [0, 1, 2];
      if (rev === 2) return [2];
      return boolish ? [2] : [1, 2];
    }
    if (rev === 0) return weakY ? [0, 2] : [0, 1];
    if (rev === 2) return [2];
    return [1];
  }

  /**
   * Gives the symbol a user value, as a .config line would. Returns false and
   * changes nothing when the value is malformed for the type, or, for
   * bool/tristate, not among 'assignable' (for other types: when invisible).
   */
  setValue(value: string | Tri): boolean {
    const tri = toTri(value);
    if (this.origType === 'bool' || this.origType === 'tristate') {
      if (tri === undefined || !this.assignable.includes(tri)) return false;
    } else if (typeof value !== 'string' || this.visibility === 0) {
      return false;
    }
    return this.assign(value) === undefined;
  }

  /**
   * Stores a user value without looking at visibility (what loading a
   * .config does). Returns a reason when the value is malformed for the type.
   */
  assign(value: string | Tri): string | undefined {
    const bad = this.checkValue(value);
    if (bad) return bad;
    if (this.origType === 'bool' || this.origType === 'tristate') {
      const tri = toTri(value)!;
      this.user = tri;
      if (this.choice && tri === 2) this.choice.userSelection = this;
    } else {
      this.user = value as string;
    }
    this.kconfig.changed();
    return undefined;
  }

  /** Why a value is malformed for this symbol's type, or undefined when fine. */
  checkValue(value: string | Tri): string | undefined {
    const t = this.origType;
    const tri = toTri(value);
    let ok: boolean;
    if (t === 'bool') ok = tri === 0 || tri === 2;
    else if (t === 'tristate') ok = tri !== undefined;
    else if (typeof value !== 'string') ok = false;
    else if (t === 'string') ok = true;
    else if (t === 'int') ok = parseNumber(value, 10) !== undefined;
    else if (t === 'hex') {
      const v = parseNumber(value, 16);
      ok = v !== undefined && v >= 0n;
    } else ok = false;
    if (ok) return undefined;
    const shown = typeof value === 'number' ? TRI_STR[value] ?? String(value) : `'${value}'`;
    return `the value ${shown} is invalid for ${this.name}, which has type ${t}`;
  }

  unsetValue(): void {
    if (this.user !== undefined) {
      this.user = undefined;
      this.kconfig.changed();
    }
  }

  /** The active range as numbers, if any ('range' entries are tried in order). */
  activeRange(): { low: bigint; high: bigint } | undefined {
    const base = this.origType === 'hex' ? 16 : 10;
    for (const r of this.ranges) {
      if (exprValue(r.cond)) {
        return {
          low: parseNumber(r.low.strValue, base) ?? 0n,
          high: parseNumber(r.high.strValue, base) ?? 0n,
        };
      }
    }
    return undefined;
  }

  /** The value defaults/select/imply alone would give (what savedefconfig compares with). */
  defaultStrValue(): string {
    if (this.origType === 'bool' || this.origType === 'tristate') {
      let v: Tri = 0;
      if (!this.choice) {
        for (const d of this.defaults) {
          const c = exprValue(d.cond);
          if (c) {
            v = Math.min(exprValue(d.value), c) as Tri;
            break;
          }
        }
        v = Math.max(exprValue(this.revDep), exprValue(this.weakRevDep), v) as Tri;
        if (v === 1 && this.type === 'bool') v = 2;
      }
      return TRI_STR[v];
    }
    if (this.origType !== 'unknown') {
      for (const d of this.defaults) if (exprValue(d.cond)) return valueString(d.value);
    }
    return '';
  }

  /** "NAME (defined at file:line, ...)" for messages. */
  get nameAndLocation(): string {
    if (!this.nodes.length) return `${this.name} (undefined)`;
    return `${this.name} (defined at ${this.nodes.map((n) => n.location).join(', ')})`;
  }

  private computeVisibility(): Tri {
    let vis: Tri = 0;
    for (const n of this.nodes) {
      if (n.prompt) vis = Math.max(vis, exprValue(n.prompt.cond)) as Tri;
    }
    const ch = this.choice;
    if (ch) {
      // In a tristate choice, non-tristate members exist only in y mode, and
      // members that could only be m are hidden in y mode.
      if (ch.origType === 'tristate' && this.origType !== 'tristate' && ch.triValue !== 2) return 0;
      if (this.origType === 'tristate' && vis === 1 && ch.triValue === 2) return 0;
    }
    if (vis === 1 && this.type !== 'tristate') return 2;
    return vis;
  }

  private calc(): void {
    if (this.gen === this.kconfig.generation) return;
    this.kconfig.evaluate(this, 'value', () => this.calcUncached());
    this.gen = this.kconfig.generation;
  }

  private calcUncached(): void {
    const t = this.origType;
    if (t === 'bool' || t === 'tristate') {
      this.cTri = this.calcTri();
      this.cStr = TRI_STR[this.cTri];
    } else {
      this.cTri = 0;
      this.cStr = t === 'unknown' ? this.name : this.calcStr();
    }
    if (this.envVar !== undefined || this.isDefconfigList) this.cWrite = false;
  }

  private calcTri(): Tri {
    const vis = this.visibility;
    this.cWrite = vis !== 0;
    let val: Tri = 0;
    const ch = this.choice;
    if (!ch) {
      if (vis && this.user !== undefined) {
        val = Math.min(this.user as Tri, vis) as Tri;
      } else {
        for (const d of this.defaults) {
          const c = exprValue(d.cond);
          if (c) {
            val = Math.min(exprValue(d.value), c) as Tri;
            if (val) this.cWrite = true;
            break;
          }
        }
        const weak = exprValue(this.weakRevDep);
        if (weak && exprValue(this.directDep)) {
          val = Math.max(weak, val) as Tri;
          this.cWrite = true;
        }
      }
      const rev = exprValue(this.revDep);
      if (rev) {
        val = Math.max(rev, val) as Tri;
        this.cWrite = true;
      }
      if (val === 1 && (this.type === 'bool' || exprValue(this.weakRevDep) === 2)) val = 2;
    } else if (vis === 2) {
      val = ch.selection === this ? 2 : 0;
    } else if (vis && this.user) {
      val = 1;
    }
    return val;
  }

  private calcStr(): string {
    const vis = this.visibility;
    this.cWrite = vis !== 0;
    let val = '';
    if (this.origType === 'string') {
      if (vis && this.user !== undefined) return this.user as string;
      for (const d of this.defaults) {
        if (exprValue(d.cond)) {
          this.cWrite = true;
          return valueString(d.value);
        }
      }
      return '';
    }
    const base = this.origType === 'hex' ? 16 : 10;
    const range = this.activeRange();
    if (vis && this.user) {
      const u = parseNumber(this.user as string, base)!;
      if (!range || (range.low <= u && u <= range.high)) return this.user as string;
    }
    let num = 0n;
    for (const d of this.defaults) {
      if (exprValue(d.cond)) {
        this.cWrite = true;
        val = valueString(d.value);
        num = parseNumber(val, base) ?? 0n;
        break;
      }
    }
    if (range) {
      // Clamping applies even without a default (the empty value reads as 0).
      const clamp = num < range.low ? range.low : num > range.high ? range.high : undefined;
      if (clamp !== undefined) val = base === 10 ? clamp.toString() : toHex(clamp);
    }
    return val;
  }
}

/** The string value of a default expression (defaults of non-bool symbols are single symbols). */
function valueString(e: Expr): string {
  if (e.kind === 'symbol') return e.strValue;
  return TRI_STR[exprValue(e)];
}

export function toTri(v: string | Tri): Tri | undefined {
  if (v === 0 || v === 1 || v === 2) return v;
  if (v === 'n') return 0;
  if (v === 'm') return 1;
  if (v === 'y') return 2;
  return undefined;
}
