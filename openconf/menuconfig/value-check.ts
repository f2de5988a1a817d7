// Checks a value typed into an int/hex/string entry before it reaches the
// symbol (kconfig-language.rst, "range"): the syntax of the type, then the
// first range whose condition holds. A refused value leaves the symbol as it
// was; the library itself would quietly fall back to the default instead.

import { KconfigSymbol, exprToString, exprValue } from '../index.ts';

export interface ActiveRange {
  readonly low: bigint;
  readonly high: bigint;
  readonly lowText: string;
  readonly highText: string;
}

const DECIMAL = /^[-+]?[0-9]+$/;
const HEX = /^(0[xX])?[0-9a-fA-F]+$/;

function parseIn(text: string, hex: boolean): bigint | undefined {
  const t = text.trim();
  if (hex) {
    if (!HEX.test(t)) return undefined;
    return BigInt('0x' + t.replace(/^0[xX]/, ''));
  }
  if (DECIMAL.test(t)) return BigInt(t);
  // An int range may still be written in hex ("range 0 0x7f").
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
  return undefined;
}

/** The range that applies to `sym` now, with both ends as numbers. */
export function activeRange(sym: KconfigSymbol): ActiveRange | undefined {
  const hex = sym.type === 'hex';
  for (const r of sym.ranges) {
    if (exprValue(r.cond) === 0) continue;
    const lowText = r.low instanceof KconfigSymbol ? r.low.strValue : exprToString(r.low);
    const highText = r.high instanceof KconfigSymbol ? r.high.strValue : exprToString(r.high);
    const low = parseIn(lowText, hex);
    const high = parseIn(highText, hex);
    if (low === undefined || high === undefined) return undefined;
    return { low, high, lowText, highText };
  }
  return undefined;
}

export type EntryCheck = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

/** Validates text typed for `sym`; on success gives the value to store. */
export function checkEntry(sym: KconfigSymbol, typed: string): EntryCheck {
  if (sym.type === 'string') return { ok: true, value: typed };
  const text = typed.trim();
  const hex = sym.type === 'hex';
  if (sym.type !== 'int' && !hex) return { ok: false, error: `${sym.name} has type ${sym.type} and takes no typed value.` };
  const n = hex ? (HEX.test(text) ? parseIn(text, true) : undefined) : DECIMAL.test(text) ? BigInt(text) : undefined;
  if (n === undefined) {
    const what = hex ? 'a hexadecimal number (like 0x1000)' : 'a decimal number';
    return { ok: false, error: `'${typed}' is not ${what}. ${sym.name} keeps its value ${sym.strValue || '(empty)'}.` };
  }
  const range = activeRange(sym);
  if (range && (n < range.low || n > range.high)) {
    return {
      ok: false,
      error: `${text} is out of range: ${sym.name} must be between ${range.lowText} and ${range.highText}. It keeps its value ${sym.strValue || '(empty)'}.`,
    };
  }
  return { ok: true, value: hex && !/^0[xX]/.test(text) ? '0x' + text : text };
}

/** The sentence shown above the entry field. */
export function entryPrompt(sym: KconfigSymbol): string {
  const range = activeRange(sym);
  const within = range ? ` between ${range.lowText} and ${range.highText}` : '';
  if (sym.type === 'int') return `Enter a decimal number${within}.`;
  if (sym.type === 'hex') return `Enter a hexadecimal number${within}, e.g. 0x1000.`;
  return 'Enter the text (without quotes).';
}
