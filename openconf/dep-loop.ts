// Dependency loop detection (kconfig-language.rst, "Kconfig recursive
// dependency limitations"): a symbol whose value, through depends on,
// select, imply, default or range chains, depends on itself has no defined
// value. Members of a choice count as depending on each other, since the
// selection of one decides the others.

import { type Expr, exprItems } from './expr.ts';
import { KconfigError } from './kconfig-error.ts';
import type { KconfigSymbol } from './symbol.ts';
import type { Choice } from './choice.ts';

type Item = KconfigSymbol | Choice;

/** Who must be recomputed when an item changes: item -> the items whose values read it. */
export function buildDependents(syms: readonly KconfigSymbol[], choices: readonly Choice[]): Map<Item, Set<Item>> {
  const deps = new Map<Item, Set<Item>>();
  const add = (user: Item, e: Expr): void => {
    const items = new Set<Item>();
    exprItems(e, items);
    for (const it of items) {
      if (it.kind === 'symbol' && it.isConstant) continue;
      let s = deps.get(it);
      if (!s) deps.set(it, (s = new Set()));
      s.add(user);
    }
  };
  for (const sym of syms) {
    for (const n of sym.nodes) if (n.prompt) add(sym, n.prompt.cond);
    for (const d of sym.defaults) {
      add(sym, d.value);
      add(sym, d.cond);
    }
    add(sym, sym.revDep);
    add(sym, sym.weakRevDep);
    for (const r of sym.ranges) {
      add(sym, r.low);
      add(sym, r.high);
      add(sym, r.cond);
    }
    add(sym, sym.directDep);
  }
  for (const ch of choices) {
    for (const n of ch.nodes) if (n.prompt) add(ch, n.prompt.cond);
    for (const d of ch.defaults) add(ch, d.cond);
  }
  return deps;
}

function describe(it: Item): string {
  if (it.kind === 'symbol') return `${it.choice ? 'the choice symbol ' : ''}${it.nameAndLocation}`;
  return it.nameAndLocation;
}

export function checkDependencyLoops(syms: readonly KconfigSymbol[], choices: readonly Choice[]): void {
  const dependents = buildDependents(syms, choices);
  const state = new Map<Item, 1 | 2>();
  const path: Item[] = [];

  const found = (it: Item): never => {
    const loop = path.slice(path.indexOf(it));
    // 'path' runs along "is used by" edges; show it as "depends on".
    loop.reverse();
    const first = loop[0]!;
    const node = first.nodes[0]!;
    const text = loop.map(describe).join('\n  ...depends on ') + `\n  ...depends again on ${first.name ?? '<choice>'}`;
    throw new KconfigError(node.file, node.line, `dependency loop:\n  ${text}`);
  };

  const enter = (it: Item): boolean => {
    const s = state.get(it);
    if (s === 2) return false;
    if (s === 1) found(it);
    state.set(it, 1);
    path.push(it);
    return true;
  };
  const done = (it: Item): void => {
    state.set(it, 2);
    path.pop();
  };

  const visitSym = (sym: KconfigSymbol, ignoreChoice: boolean): void => {
    if (!enter(sym)) return;
    for (const d of dependents.get(sym) ?? []) {
      if (d.kind === 'choice') visitChoice(d, undefined);
      else visitSym(d, false);
    }
    if (sym.choice && !ignoreChoice) visitChoice(sym.choice, sym);
    done(sym);
  };
  const visitChoice = (ch: Choice, skip: KconfigSymbol | undefined): void => {
    if (!enter(ch)) return;
    for (const s of ch.syms) if (s !== skip) visitSym(s, true);
    done(ch);
  };

  for (const s of syms) visitSym(s, false);
}
