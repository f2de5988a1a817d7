// Number parsing with the exact rules Kconfiglib (the reference implementation)
// applies to int/hex values: Python's int(s, base). Base 10 and 16 accept an
// optional sign, surrounding whitespace, '_' between digits and, for 16, an
// optional 0x prefix; base 0 (used for constants and strings in comparisons)
// picks the base from a 0x/0o/0b prefix and rejects decimal leading zeros.
// BigInt keeps 64-bit hex values exact.

const DIGITS: Record<number, RegExp> = {
  2: /^_?[01]+(_[01]+)*$/,
  8: /^_?[0-7]+(_[0-7]+)*$/,
  10: /^[0-9]+(_[0-9]+)*$/,
  16: /^_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/,
};

const PLAIN_DECIMAL = /^-?[1-9][0-9]{0,14}$|^0$/;

export function parseNumber(s: string, base: 0 | 10 | 16): bigint | undefined {
  // The common case, cheaply.
  if (base !== 16 && PLAIN_DECIMAL.test(s)) return BigInt(s);
  let t = s.trim();
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let radix: number = base === 0 ? 10 : base;
  const prefix = t.slice(0, 2).toLowerCase();
  if (base === 16 && prefix === '0x') {
    t = t.slice(2);
  } else if (base === 0 && (prefix === '0x' || prefix === '0o' || prefix === '0b')) {
    radix = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    t = t.slice(2);
  } else {
    // Without a prefix, a leading '_' is not allowed.
    if (t.startsWith('_')) return undefined;
    if (base === 0 && /^0[0-9_]*[1-9]/.test(t)) return undefined;
  }
  if (!DIGITS[radix]!.test(t)) return undefined;
  const digits = t.replace(/_/g, '');
  const prefixes: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };
  const v = BigInt(prefixes[radix] + digits);
  return neg ? -v : v;
}

/** Python's hex(): lower case, '-0x' for negatives. */
export function toHex(v: bigint): string {
  return v < 0n ? '-0x' + (-v).toString(16) : '0x' + v.toString(16);
}
