// Dependency loop detection (kconfig-language.rst, "Kconfig recursive
// dependency limitations"): a symbol whose value, through depends on,
// select, imply, default or range chains, depends on itself has no defined
// value. Members of a choice count as depending on each other, since the
// selection of one decides the others.

import type { Expr } from './expr.ts';
import { KconfigError } from './kconfig-error.ts';
import type { KconfigSymbol } from './symbol.ts';
import type { Choice } from './choice.ts';

type Item = KconfigSymbol | Choice;

function forEachItem(e: Expr, f: (it: Item) => void): void {
  switch (e.kind) {
    case 'symbol':
    case 'choice':
      f(e);
      return;
    case 'and':
    case 'or':
      forEachItem(e.a, f);
      forEachItem(e.b, f);
      return;
    case 'not':
      forEachItem(e.a, f);
      return;
    case 'rel':
      f(e.a);
      f(e.b);
  }
}

/** Who must be recomputed when an item changes: item -> the items whose values read it. */
export function buildDependents(syms: readonly KconfigSymbol[], choices: readonly Choice[]): Map<Item, Set<Item>> {
  const deps = new Map<Item, Set<Item>>();
  let user: Item = syms[0]!;
  const note = (it: Item): void => {
    if (it.kind === 'symbol' && it.isConstant) return;
    let s = deps.get(it);
    if (!s) deps.set(it, (s = new Set()));
    s.add(user);
  };
  const add = (e: Expr): void => forEachItem(e, note);
  for (const sym of syms) {
    user = sym;
    for (const n of sym.nodes) if (n.prompt) add(n.prompt.cond);
    for (const d of sym.defaults) {
      add(d.value);
      add(d.cond);
    }
    add(sym.revDep);
    add(sym.weakRevDep);
    for (const r of sym.ranges) {
      add(r.low);
      add(r.high);
      add(r.cond);
    }
    add(sym.directDep);
  }
  for (const ch of choices) {
    user = ch;
    for (const n of ch.nodes) if (n.prompt) add(n.prompt.cond);
    for (const d of ch.defaults) add(d.cond);
  }
  return deps;
}

function describe(it: Item): string {
  if (it.kind === 'symbol') return `${it.choice ? 'the choice symbol ' : ''}${it.nameAndLocation}`;
  return it.nameAndLocation;
}

// The search runs over states rather than items, which makes it independent
// of visiting order: a symbol reached through its choice (the choice's
// selection depends on every member) may not go straight back to the
// choice, and a choice entered from one member does not revisit that member;
// otherwise every member would trivially depend on itself.
export function checkDependencyLoops(syms: readonly KconfigSymbol[], choices: readonly Choice[]): void {
  const dependents = buildDependents(syms, choices);
  const symIndex = new Map<KconfigSymbol, number>();
  syms.forEach((s, i) => symIndex.set(s, i));
  // Symbol states are 2*index (+1 when reached from the choice), choice
  // states follow them, one per (choice, member it was entered from).
  const choiceStates = new Map<string, number>();
  const stateItem: Item[] = [];
  const stateVia: (KconfigSymbol | undefined)[] = [];
  syms.forEach((s) => {
    stateItem.push(s, s);
    stateVia.push(undefined, undefined);
  });
  const choiceState = (c: Choice, from: KconfigSymbol | undefined): number => {
    const key = `${choices.indexOf(c)}:${from ? symIndex.get(from) : ''}`;
    let n = choiceStates.get(key);
    if (n === undefined) {
      n = stateItem.length;
      choiceStates.set(key, n);
      stateItem.push(c);
      stateVia.push(from);
    }
    return n;
  };
  // A choice leads only to its members: what else mentions the choice
  // (members' and their children's conditions) is reached through them.
  const successors = (st: number): number[] => {
    const it = stateItem[st]!;
    const out: number[] = [];
    if (it.kind === 'choice') {
      for (const m of it.syms) if (m !== stateVia[st]) out.push(2 * symIndex.get(m)! + 1);
      return out;
    }
    for (const d of dependents.get(it) ?? []) {
      out.push(d.kind === 'choice' ? choiceState(d, undefined) : 2 * symIndex.get(d)!);
    }
    if (it.choice && (st & 1) === 0) out.push(choiceState(it.choice, it));
    return out;
  };

  const color: (1 | 2 | undefined)[] = [];
  for (let root = 0; root < syms.length; root++) {
    if (color[2 * root]) continue;
    const stack: { st: number; next: number[]; i: number }[] = [{ st: 2 * root, next: successors(2 * root), i: 0 }];
    color[2 * root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.next.length) {
        color[top.st] = 2;
        stack.pop();
        continue;
      }
      const nx = top.next[top.i++]!;
      const c = color[nx];
      if (c === 2) continue;
      if (c === 1) {
        const at = stack.findIndex((f) => f.st === nx);
        reportLoop(stack.slice(at).map((f) => stateItem[f.st]!));
      }
      color[nx] = 1;
      stack.push({ st: nx, next: successors(nx), i: 0 });
    }
  }
}

function reportLoop(path: Item[]): never {
  // 'path' runs along "is used by" edges; show it as "depends on".
  const loop: Item[] = [];
  for (const it of [...path].reverse()) if (loop[loop.length - 1] !== it) loop.push(it);
  const first = loop[0]!;
  const node = first.nodes[0]!;
  const text = loop.map(describe).join('\n  ...depends on ') + `\n  ...depends again on ${first.name ?? '<choice>'}`;
  throw new KconfigError(node.file, node.line, `dependency loop:\n  ${text}`);
}
