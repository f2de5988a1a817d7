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

// The search runs over states rather than items, which makes it independent
// of visiting order: a symbol reached through its choice (the choice's
// selection depends on every member) may not go straight back to the
// choice, and a choice entered from one member does not revisit that member;
// otherwise every member would trivially depend on itself.
interface State {
  item: Item;
  /** For symbols: reached from its choice. For choices: the member it was entered from. */
  via: boolean | KconfigSymbol | undefined;
  key: string;
}

export function checkDependencyLoops(syms: readonly KconfigSymbol[], choices: readonly Choice[]): void {
  const dependents = buildDependents(syms, choices);
  const ids = new Map<Item, number>();
  const id = (it: Item): number => {
    let n = ids.get(it);
    if (n === undefined) ids.set(it, (n = ids.size));
    return n;
  };
  const symState = (s: KconfigSymbol, fromChoice: boolean): State => ({ item: s, via: fromChoice, key: `s${id(s)}${fromChoice ? 'c' : ''}` });
  const choiceState = (c: Choice, from: KconfigSymbol | undefined): State => ({ item: c, via: from, key: `c${id(c)}:${from ? id(from) : ''}` });

  // A choice leads only to its members: what else mentions the choice
  // (members' and their children's conditions) is reached through them.
  const successors = (st: State): State[] => {
    const out: State[] = [];
    if (st.item.kind === 'choice') {
      for (const m of st.item.syms) if (m !== st.via) out.push(symState(m, true));
      return out;
    }
    for (const d of dependents.get(st.item) ?? []) {
      out.push(d.kind === 'choice' ? choiceState(d, undefined) : symState(d, false));
    }
    if (st.item.choice && st.via === false) out.push(choiceState(st.item.choice, st.item));
    return out;
  };

  const color = new Map<string, 1 | 2>();
  for (const root of syms) {
    const r = symState(root, false);
    if (color.has(r.key)) continue;
    const stack: { st: State; next: State[]; i: number }[] = [{ st: r, next: successors(r), i: 0 }];
    color.set(r.key, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.next.length) {
        color.set(top.st.key, 2);
        stack.pop();
        continue;
      }
      const nx = top.next[top.i++]!;
      const c = color.get(nx.key);
      if (c === 2) continue;
      if (c === 1) {
        const at = stack.findIndex((f) => f.st.key === nx.key);
        reportLoop(stack.slice(at).map((f) => f.st.item));
      }
      color.set(nx.key, 1);
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
