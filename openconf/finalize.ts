// Turns the parsed menu tree into its final shape (kconfig-language.rst,
// "Menu structure"):
//  - dependencies of 'if' blocks, menus and 'depends on' flow into every
//    child, and into the conditions of their prompts, defaults, selects,
//    implies and ranges; a menu's 'visible if' flows into the prompts of
//    the symbols and choices inside it; a choice's members depend on the
//    choice itself;
//  - an entry directly followed by entries whose dependencies contain it
//    ("FOO", "FOO = y/m", "FOO != n", possibly &&-ed) gets them as children
//    (the implicit submenu that menuconfig shows);
//  - entries without a prompt that gained children are dissolved into their
//    parent, and 'if' blocks disappear;
//  - properties are copied from each location up to the symbol or choice,
//    and select/imply become reverse dependencies of their targets.

import { type Expr, makeAnd, makeOr } from './expr.ts';
import type { MenuNode } from './menu-node.ts';
import { KconfigSymbol } from './symbol.ts';
import { Choice } from './choice.ts';
import { KconfigError } from './kconfig-error.ts';

export function finalizeTree(top: MenuNode): void {
  finalizeAt([top], 0, top.kconfig.y);
}

/** Finalizes seq[i] (and the siblings it takes as children); returns the index of the next sibling. */
function finalizeAt(seq: MenuNode[], i: number, visibleIf: Expr): number {
  const node = seq[i]!;
  let next = i + 1;
  if (node.item instanceof KconfigSymbol) {
    addPropsToSym(node, node.item);
    const taken: MenuNode[] = [];
    while (next < seq.length && dependsOnItem(seq[next]!, node.item)) {
      const child = seq[next]!;
      next = finalizeAt(seq, next, visibleIf);
      child.parent = node;
      taken.push(child);
    }
    if (taken.length) node.children = taken;
  } else if (node.children.length) {
    const vis = node.item === 'menu' && !node.isIf ? makeAnd(visibleIf, node.visibleIf) : visibleIf;
    propagateDeps(node, vis);
    const kept: MenuNode[] = [];
    let k = 0;
    while (k < node.children.length) {
      kept.push(node.children[k]!);
      k = finalizeAt(node.children, k, vis);
    }
    node.children = kept;
  }
  if (node.children.length) {
    flatten(node);
    node.children = node.children.filter((c) => !c.isIf);
  }
  if (node.item instanceof Choice) finalizeChoice(node, node.item);
  return next;
}

function propagateDeps(node: MenuNode, visibleIf: Expr): void {
  const base: Expr = node.item instanceof Choice ? node.item : node.dep;
  for (const c of node.children) {
    const dep = (c.dep = makeAnd(c.dep, base));
    if (c.item instanceof KconfigSymbol || c.item instanceof Choice) {
      if (c.prompt) c.prompt.cond = makeAnd(c.prompt.cond, makeAnd(visibleIf, dep));
      for (const d of c.defaults) d.cond = makeAnd(d.cond, dep);
      for (const r of c.ranges) r.cond = makeAnd(r.cond, dep);
      for (const x of c.selects) x.cond = makeAnd(x.cond, dep);
      for (const x of c.implies) x.cond = makeAnd(x.cond, dep);
    } else if (c.prompt) {
      c.prompt.cond = makeAnd(c.prompt.cond, dep);
    }
  }
}

function addPropsToSym(node: MenuNode, sym: KconfigSymbol): void {
  sym.directDep = makeOr(sym.directDep, node.dep);
  sym.defaults.push(...node.defaults);
  sym.ranges.push(...node.ranges);
  sym.selects.push(...node.selects);
  sym.implies.push(...node.implies);
  for (const s of node.selects) {
    s.target.revDep = makeOr(s.target.revDep, makeAnd(sym, s.cond));
    if (!s.target.selectedBy.includes(sym)) s.target.selectedBy.push(sym);
  }
  for (const s of node.implies) {
    s.target.weakRevDep = makeOr(s.target.weakRevDep, makeAnd(sym, s.cond));
    if (!s.target.impliedBy.includes(sym)) s.target.impliedBy.push(sym);
  }
}

/** Whether 'e' requires 'sym' to be non-n: SYM, SYM=y, SYM=m, SYM!=n (either side), or an && containing one. */
function exprDependsOn(e: Expr, sym: KconfigSymbol): boolean {
  switch (e.kind) {
    case 'symbol':
      return e === sym;
    case 'and':
      return exprDependsOn(e.a, sym) || exprDependsOn(e.b, sym);
    case 'rel': {
      if (e.op !== '=' && e.op !== '!=') return false;
      let other: KconfigSymbol;
      if (e.a === sym) other = e.b;
      else if (e.b === sym) other = e.a;
      else return false;
      const k = sym.kconfig;
      // As Kconfiglib has it (the reference): "SYM != y" counts too, unlike
      // the C tools, which only take "= y", "= m" and "!= n".
      return (e.op === '=' && other === k.m) || other === k.y || (e.op === '!=' && other === k.n);
    }
    default:
      return false;
  }
}

function dependsOnItem(node: MenuNode, sym: KconfigSymbol): boolean {
  return exprDependsOn(node.prompt ? node.prompt.cond : node.dep, sym);
}

/** Lifts the children of promptless entries (not choices) into their place. */
function flatten(node: MenuNode): void {
  const list = node.children;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c.children.length && !c.prompt && !(c.item instanceof Choice)) {
      for (const g of c.children) g.parent = node;
      list.splice(i + 1, 0, ...c.children);
      c.children = [];
    }
  }
}

function finalizeChoice(node: MenuNode, choice: Choice): void {
  choice.directDep = makeOr(choice.directDep, node.dep);
  for (const d of node.defaults) {
    if (!(d.value instanceof KconfigSymbol)) {
      throw new KconfigError(node.file, node.line, 'the default of a choice must be one of its symbols, not an expression');
    }
    choice.defaults.push({ value: d.value, cond: d.cond });
  }
  for (const c of node.children) {
    if (c.item instanceof KconfigSymbol) {
      c.item.choice = choice;
      if (!choice.syms.includes(c.item)) choice.syms.push(c.item);
    }
  }
  if (choice.origType === 'unknown') {
    const typed = choice.syms.find((s) => s.origType !== 'unknown');
    if (typed) choice.origType = typed.origType;
  }
  for (const s of choice.syms) if (s.origType === 'unknown') s.origType = choice.origType;
}
