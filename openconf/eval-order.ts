// An order in which every symbol and choice comes after what its value
// reads (loops through choices are cut anywhere). Computing values in this
// order keeps the recursion of value calculation shallow, which matters for
// long dependency chains that would otherwise exhaust the stack.

import type { Expr } from './expr.ts';
import type { KconfigSymbol } from './symbol.ts';
import type { Choice } from './choice.ts';

type Item = KconfigSymbol | Choice;

function collect(e: Expr, out: Item[]): void {
  switch (e.kind) {
    case 'symbol':
      if (!e.isConstant) out.push(e);
      return;
    case 'choice':
      out.push(e);
      return;
    case 'and':
    case 'or':
      collect(e.a, out);
      collect(e.b, out);
      return;
    case 'not':
      collect(e.a, out);
      return;
    case 'rel':
      collect(e.a, out);
      collect(e.b, out);
  }
}

function reads(it: Item): Item[] {
  const out: Item[] = [];
  if (it.kind === 'choice') {
    for (const n of it.nodes) if (n.prompt) collect(n.prompt.cond, out);
    for (const d of it.defaults) collect(d.cond, out);
    out.push(...it.syms);
    return out;
  }
  if (it.choice) out.push(it.choice);
  for (const n of it.nodes) if (n.prompt) collect(n.prompt.cond, out);
  for (const d of it.defaults) {
    collect(d.value, out);
    collect(d.cond, out);
  }
  collect(it.revDep, out);
  collect(it.weakRevDep, out);
  for (const r of it.ranges) {
    collect(r.low, out);
    collect(r.high, out);
    collect(r.cond, out);
  }
  collect(it.directDep, out);
  return out;
}

export function evaluationOrder(syms: readonly KconfigSymbol[], choices: readonly Choice[]): Item[] {
  const order: Item[] = [];
  const state = new Map<Item, 1 | 2>();
  for (const root of [...syms, ...choices]) {
    if (state.has(root)) continue;
    const stack: { it: Item; next: Item[]; i: number }[] = [{ it: root, next: reads(root), i: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i < top.next.length) {
        const nx = top.next[top.i++]!;
        if (!state.has(nx)) {
          state.set(nx, 1);
          stack.push({ it: nx, next: reads(nx), i: 0 });
        }
        continue;
      }
      state.set(top.it, 2);
      order.push(top.it);
      stack.pop();
    }
  }
  return order;
}
