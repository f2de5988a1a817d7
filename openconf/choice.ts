// A choice (kconfig-language.rst, "choices"): a group of symbols of which, in
// y mode, exactly one is y. A tristate choice may be in m mode, where any
// number of its tristate members may be m. An 'optional' choice may be n.
// Mode and selection follow Kconfiglib: a non-optional choice is at least m,
// the mode is capped by the choice's visibility; the selection is the user's
// pick if visible, else the first default whose condition holds and whose
// symbol is visible, else the first visible member.

import { type Expr, type Tri, exprValue } from './expr.ts';
import type { Kconfig } from './kconfig.ts';
import type { MenuNode } from './menu-node.ts';
import type { KconfigSymbol } from './symbol.ts';

export class Choice {
  readonly kind = 'choice' as const;
  readonly name: string | undefined;
  readonly kconfig: Kconfig;
  origType: 'bool' | 'tristate' | 'unknown' | 'int' | 'hex' | 'string' = 'unknown';
  isOptional = false;
  syms: KconfigSymbol[] = [];
  nodes: MenuNode[] = [];
  defaults: { value: KconfigSymbol; cond: Expr }[] = [];
  directDep: Expr;
  user: Tri | undefined = undefined;
  userSelection: KconfigSymbol | undefined = undefined;

  private visGen = -1;
  private cVis: Tri = 0;
  private selGen = -1;
  private cSel: KconfigSymbol | undefined = undefined;

  constructor(kconfig: Kconfig, name: string | undefined) {
    this.kconfig = kconfig;
    this.name = name;
    this.directDep = kconfig.n;
  }

  /** Effective type: tristate choices act as bool when modules are off. */
  get type(): 'bool' | 'tristate' {
    if (this.origType === 'tristate' && this.kconfig.modulesValue() !== 0) return 'tristate';
    return 'bool';
  }

  get userValue(): Tri | undefined {
    return this.user;
  }

  get visibility(): Tri {
    if (this.visGen !== this.kconfig.generation) {
      let vis = 0 as Tri;
      this.kconfig.evaluate(this, 'visibility', () => {
        for (const n of this.nodes) if (n.prompt) vis = Math.max(vis, exprValue(n.prompt.cond)) as Tri;
      });
      if (vis === 1 && this.type !== 'tristate') vis = 2;
      this.cVis = vis;
      this.visGen = this.kconfig.generation;
    }
    return this.cVis;
  }

  /** The mode: 2 (one member y), 1 (members may be m), 0 (all n). */
  get triValue(): Tri {
    let v: Tri = this.isOptional ? 0 : 1;
    if (this.user !== undefined) v = Math.max(v, this.user) as Tri;
    v = Math.min(v, this.visibility) as Tri;
    return v === 1 && this.type === 'bool' ? 2 : v;
  }

  get assignable(): readonly Tri[] {
    const vis = this.visibility;
    if (vis === 0) return [];
    if (vis === 2) {
      if (!this.isOptional) return this.type === 'bool' ? [2] : [1, 2];
      return this.type === 'bool' ? [0, 2] : [0, 1, 2];
    }
    return this.isOptional ? [0, 1] : [1];
  }

  get selection(): KconfigSymbol | undefined {
    if (this.selGen !== this.kconfig.generation) {
      this.kconfig.evaluate(this, 'selection', () => {
        this.cSel = this.computeSelection();
      });
      this.selGen = this.kconfig.generation;
    }
    return this.cSel;
  }

  /** The member defaults alone would pick (ignoring the user's pick). */
  selectionFromDefaults(): KconfigSymbol | undefined {
    for (const d of this.defaults) {
      if (exprValue(d.cond) && d.value.visibility) return d.value;
    }
    return this.syms.find((s) => s.visibility !== 0);
  }

  /** Sets the mode; false (no change) when not currently assignable. */
  setValue(mode: Tri): boolean {
    if (!this.assignable.includes(mode)) return false;
    this.assign(mode);
    return true;
  }

  /**
   * Stores a mode without looking at visibility (what loading a .config
   * does). A bool choice has no m mode: false, and no change, for that.
   */
  assign(mode: Tri): boolean {
    if (mode === 1 && this.origType !== 'tristate') return false;
    this.user = mode;
    this.kconfig.changed();
    return true;
  }

  /** Makes 'sym' the selection: the same as sym.setValue(2). */
  select(sym: KconfigSymbol): boolean {
    return sym.choice === this && sym.setValue(2);
  }

  unsetValue(): void {
    if (this.user !== undefined || this.userSelection) {
      this.user = undefined;
      this.userSelection = undefined;
      this.kconfig.changed();
    }
  }

  get nameAndLocation(): string {
    const n = this.name ? `<choice ${this.name}>` : '<choice>';
    return `${n} (defined at ${this.nodes.map((x) => x.location).join(', ')})`;
  }

  private computeSelection(): KconfigSymbol | undefined {
    if (this.triValue !== 2) return undefined;
    if (this.userSelection && this.userSelection.visibility) return this.userSelection;
    return this.selectionFromDefaults();
  }
}
