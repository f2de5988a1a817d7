// Kconfig expressions (kconfig-language.rst, "Menu dependencies"): tristate
// logic where n=0, m=1, y=2; && is min, || is max, !x is 2-x; relations give
// y or n. Operands of relations are symbols (quoted values are constant
// symbols). Comparisons follow Kconfiglib: two string symbols compare as
// strings, otherwise both sides are read as numbers (bool/tristate as 0/1/2)
// and, failing that, as strings.

import type { KconfigSymbol } from './symbol.ts';
import type { Choice } from './choice.ts';
import { parseNumber } from './numbers.ts';

export type Tri = 0 | 1 | 2;
export const TRI_STR = ['n', 'm', 'y'] as const;

export type RelOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface ExprAnd { readonly kind: 'and'; readonly a: Expr; readonly b: Expr }
export interface ExprOr { readonly kind: 'or'; readonly a: Expr; readonly b: Expr }
export interface ExprNot { readonly kind: 'not'; readonly a: Expr }
export interface ExprRel { readonly kind: 'rel'; readonly op: RelOp; readonly a: KconfigSymbol; readonly b: KconfigSymbol }

/** A symbol or choice (by its mode) is itself an expression. */
export type Expr = KconfigSymbol | Choice | ExprAnd | ExprOr | ExprNot | ExprRel;

export function exprValue(e: Expr): Tri {
  switch (e.kind) {
    case 'symbol':
    case 'choice':
      return e.triValue;
    case 'and': {
      const v = exprValue(e.a);
      return v === 0 ? 0 : (Math.min(v, exprValue(e.b)) as Tri);
    }
    case 'or': {
      const v = exprValue(e.a);
      return v === 2 ? 2 : (Math.max(v, exprValue(e.b)) as Tri);
    }
    case 'not':
      return (2 - exprValue(e.a)) as Tri;
    case 'rel':
      return relValue(e.op, e.a, e.b);
  }
}

function baseOf(sym: KconfigSymbol): 0 | 10 | 16 {
  return sym.origType === 'int' ? 10 : sym.origType === 'hex' ? 16 : 0;
}

function symNumber(sym: KconfigSymbol): bigint | undefined {
  if (sym.origType === 'bool' || sym.origType === 'tristate') return BigInt(sym.triValue);
  return parseNumber(sym.strValue, baseOf(sym));
}

function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function relValue(op: RelOp, a: KconfigSymbol, b: KconfigSymbol): Tri {
  let cmp: number;
  if (a.origType === 'string' && b.origType === 'string') {
    cmp = strcmp(a.strValue, b.strValue);
  } else {
    const x = symNumber(a);
    const y = x === undefined ? undefined : symNumber(b);
    if (x !== undefined && y !== undefined) cmp = x < y ? -1 : x > y ? 1 : 0;
    else cmp = strcmp(a.strValue, b.strValue);
  }
  let r: boolean;
  switch (op) {
    case '=': r = cmp === 0; break;
    case '!=': r = cmp !== 0; break;
    case '<': r = cmp < 0; break;
    case '<=': r = cmp <= 0; break;
    case '>': r = cmp > 0; break;
    case '>=': r = cmp >= 0; break;
  }
  return r ? 2 : 0;
}

function leafString(e: KconfigSymbol | Choice, withValues: boolean): string {
  if (e.kind === 'choice') return e.name ? `<choice ${e.name}>` : '<choice>';
  if (e.isConstant && !(e.name === 'y' || e.name === 'm' || e.name === 'n')) {
    return '"' + escapeString(e.name) + '"';
  }
  if (withValues && !e.isConstant) return `${e.name} [=${e.strValue}]`;
  return e.name;
}

function render(e: Expr, withValues: boolean): string {
  const paren = (x: Expr, k: 'and' | 'or') =>
    x.kind === k ? `(${render(x, withValues)})` : render(x, withValues);
  switch (e.kind) {
    case 'symbol':
    case 'choice':
      return leafString(e, withValues);
    case 'and':
      return `${paren(e.a, 'or')} && ${paren(e.b, 'or')}`;
    case 'or':
      return `${paren(e.a, 'and')} || ${paren(e.b, 'and')}`;
    case 'not':
      return e.a.kind === 'symbol' || e.a.kind === 'choice'
        ? '!' + leafString(e.a, withValues)
        : `!(${render(e.a, withValues)})`;
    case 'rel':
      return `${leafString(e.a, withValues)} ${e.op} ${leafString(e.b, withValues)}`;
  }
}

/** The expression in Kconfig syntax. */
export function exprToString(e: Expr): string {
  return render(e, false);
}

/** Like exprToString, with each symbol's current value: `FOO [=y]` (the kernel tools' style). */
export function exprToStringWithValues(e: Expr): string {
  return render(e, true);
}

/** Splits a chain of the given operator into its operands (A || B || C -> [A, B, C]). */
export function splitExpr(e: Expr, kind: 'and' | 'or'): Expr[] {
  const out: Expr[] = [];
  const walk = (x: Expr): void => {
    if (x.kind === kind) {
      walk(x.a);
      walk(x.b);
    } else out.push(x);
  };
  walk(e);
  return out;
}

/** Every symbol and choice an expression mentions. */
export function exprItems(e: Expr, out: Set<KconfigSymbol | Choice>): void {
  switch (e.kind) {
    case 'symbol':
    case 'choice':
      out.add(e);
      return;
    case 'and':
    case 'or':
      exprItems(e.a, out);
      exprItems(e.b, out);
      return;
    case 'not':
      exprItems(e.a, out);
      return;
    case 'rel':
      out.add(e.a);
      out.add(e.b);
  }
}

/** " and \ are backslash-escaped in .config strings and prompts. */
export function escapeString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function unescapeString(s: string): string {
  return s.replace(/\\(.)/gs, '$1');
}

function isConst(e: Expr, name: 'y' | 'n'): boolean {
  return e.kind === 'symbol' && e.isConstant && e.name === name;
}

/** A && B with the trivial simplifications (y && X = X, n && X = n). */
export function makeAnd(a: Expr, b: Expr): Expr {
  if (isConst(a, 'y')) return b;
  if (isConst(b, 'y')) return a;
  if (isConst(a, 'n')) return a;
  if (isConst(b, 'n')) return b;
  return { kind: 'and', a, b };
}

/** A || B with the trivial simplifications (n || X = X, y || X = y). */
export function makeOr(a: Expr, b: Expr): Expr {
  if (isConst(a, 'n')) return b;
  if (isConst(b, 'n')) return a;
  if (isConst(a, 'y')) return a;
  if (isConst(b, 'y')) return b;
  return { kind: 'or', a, b };
}
