// Encoding and decoding of property values (Devicetree Specification v0.4,
// section 2.2.4 "Property values": big-endian u32/u64 cells, nul-terminated
// strings and string lists, raw bytes), and the dtc-style guess of a value's
// type used when printing a tree that came from a blob.

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeU32s(vals: readonly number[]): Uint8Array {
  const out = new Uint8Array(vals.length * 4);
  const dv = new DataView(out.buffer);
  vals.forEach((v, i) => dv.setUint32(i * 4, v >>> 0));
  return out;
}

export function encodeU64s(vals: readonly (bigint | number)[]): Uint8Array {
  const out = new Uint8Array(vals.length * 8);
  const dv = new DataView(out.buffer);
  vals.forEach((v, i) => dv.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(v))));
  return out;
}

export function encodeStrings(vals: readonly string[]): Uint8Array {
  const parts = vals.map((s) => enc.encode(s));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length + 1;
  }
  return out;
}

export function decodeU32s(v: Uint8Array): number[] {
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= v.length; i += 4) out.push(dv.getUint32(i));
  return out;
}

/** Splits a nul-terminated string list; a trailing fragment without nul counts too. */
export function decodeStrings(v: Uint8Array): string[] {
  const out: string[] = [];
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === 0) {
      out.push(dec.decode(v.subarray(s, i)));
      s = i + 1;
    }
  }
  if (s < v.length) out.push(dec.decode(v.subarray(s)));
  return out;
}

/** Reads `cells` big-endian 32-bit cells at cell index `at` as one number. */
export function readCells(v: Uint8Array, at: number, cells: number): bigint {
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  let x = 0n;
  for (let k = 0; k < cells; k++) x = (x << 32n) | BigInt(dv.getUint32((at + k) * 4));
  return x;
}

function isPrintable(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || (c >= 7 && c <= 13);
}

/** dtc's test for "this value reads as one or more strings". */
export function looksLikeStrings(v: Uint8Array): boolean {
  if (v.length === 0 || v[v.length - 1] !== 0) return false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === 0) {
      if (i === start) return false;
      start = i + 1;
    } else if (!isPrintable(v[i])) return false;
  }
  return true;
}

const ESC: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/** Quotes one string as dtc writes it (the nul inside a list becomes \0). */
export function quoteDtsString(v: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === 0) s += i === v.length - 1 ? '' : '\\0';
    else if (ESC[c]) s += ESC[c];
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  return s + '"';
}

/** The value as dtc prints a property read from a blob: string, <cells> or [bytes]. */
export function formatValueGuess(v: Uint8Array): string {
  if (v.length === 0) return '';
  if (looksLikeStrings(v)) return quoteDtsString(v);
  if (v.length % 4 === 0) {
    return '<' + decodeU32s(v).map((x) => '0x' + x.toString(16).padStart(2, '0')).join(' ') + '>';
  }
  return '[' + Array.from(v, (b) => b.toString(16).padStart(2, '0')).join(' ') + ']';
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
