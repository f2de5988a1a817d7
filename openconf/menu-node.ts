// A place in the menu tree (kconfig-language.rst, "Menu structure"): a
// config/menuconfig entry, a choice, a menu or a comment. 'if' blocks exist
// only while parsing and are dissolved into their children afterwards.

import { type Expr, type Tri, exprValue } from './expr.ts';
import type { Kconfig } from './kconfig.ts';
import type { KconfigSymbol } from './symbol.ts';
import type { Choice } from './choice.ts';

export type MenuItem = KconfigSymbol | Choice | 'menu' | 'comment';

export interface Prompt { text: string; cond: Expr }

export class MenuNode {
  readonly kconfig: Kconfig;
  /** null only for 'if' blocks during parsing. */
  item: MenuItem;
  prompt: Prompt | undefined = undefined;
  help: string | undefined = undefined;
  parent: MenuNode | undefined;
  children: MenuNode[] = [];
  isMenuconfig: boolean;
  readonly file: string;
  readonly line: number;
  /** 'depends on' of this entry and of everything around it. */
  dep: Expr;
  /** This menu's own 'visible if' (y for everything else). */
  visibleIf: Expr;
  // Properties as written at this location, with the dependencies of the
  // location added to their conditions; copied up to the symbol/choice.
  defaults: { value: Expr; cond: Expr }[] = [];
  selects: { target: KconfigSymbol; cond: Expr }[] = [];
  implies: { target: KconfigSymbol; cond: Expr }[] = [];
  ranges: { low: KconfigSymbol; high: KconfigSymbol; cond: Expr }[] = [];
  /** Set for 'if' blocks, which have no item. */
  isIf = false;

  constructor(kconfig: Kconfig, item: MenuItem, parent: MenuNode | undefined, file: string, line: number, isMenuconfig: boolean) {
    this.kconfig = kconfig;
    this.item = item;
    this.parent = parent;
    this.file = file;
    this.line = line;
    this.isMenuconfig = isMenuconfig;
    this.dep = kconfig.y;
    this.visibleIf = kconfig.y;
  }

  /**
   * Value of the prompt's condition, which already includes this entry's
   * dependencies and the 'visible if' of enclosing menus; for a menu, its
   * own 'visible if' too. 0 when there is no prompt.
   */
  get promptVisibility(): Tri {
    if (!this.prompt) return 0;
    const v = exprValue(this.prompt.cond);
    if (this.item === 'menu') return Math.min(v, exprValue(this.visibleIf)) as Tri;
    return v;
  }

  /** "file:line" of the definition. */
  get location(): string {
    return `${this.file}:${this.line}`;
  }
}
