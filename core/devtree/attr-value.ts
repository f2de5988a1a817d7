// Attribute values as the `devtree` command reads and writes them (Xvisor's
// `devtree attr set <path> <name> <type> <values...>` with the types
// string, bytes, uint32, uint64, physaddr, physsize, virtaddr, virtsize),
// and the text `attr show` / `node dump` print (DTS syntax, dtc's guess of
// the type from the bytes).

import { DevTreeError } from './errors.ts';
import type { DevTreeNode } from './devtree.ts';
import { encodeStrings, encodeU32s, encodeU64s, formatValueGuess } from './values.ts';

export const ATTR_TYPES = ['string', 'bytes', 'uint32', 'uint64', 'physaddr', 'physsize', 'virtaddr', 'virtsize'] as const;
export type AttrType = (typeof ATTR_TYPES)[number];

function parseNumber(s: string, bits: 8 | 32 | 64, where: string): bigint {
  let v: bigint;
  try {
    if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(s)) throw new Error();
    v = /^0[0-7]+$/.test(s) ? BigInt('0o' + s.slice(1)) : BigInt(s);
  } catch {
    throw new DevTreeError(where, `"${s}" is not a number`);
  }
  if (v >= 1n << BigInt(bits)) throw new DevTreeError(where, `${s} does not fit ${bits} bits`);
  return v;
}

/** Encodes command-line values of a given type; physaddr & co are 64-bit. */
export function parseAttrValue(type: string, values: readonly string[], where = 'attr'): Uint8Array {
  switch (type) {
    case 'string':
      return encodeStrings(values);
    case 'bytes':
      return Uint8Array.from(values.map((v) => Number(parseNumber(v, 8, where))));
    case 'uint32':
      return encodeU32s(values.map((v) => Number(parseNumber(v, 32, where))));
    case 'uint64':
    case 'physaddr':
    case 'physsize':
    case 'virtaddr':
    case 'virtsize':
      return encodeU64s(values.map((v) => parseNumber(v, 64, where)));
    default:
      throw new DevTreeError(where, `unknown attribute type "${type}" (${ATTR_TYPES.join(', ')})`);
  }
}

/** `name = value;` as DTS, or `name;` for an empty attribute. */
export function formatAttr(name: string, value: Uint8Array): string {
  return value.length === 0 ? `${name};` : `${name} = ${formatValueGuess(value)};`;
}

/** A node and its subtree as DTS text (what `devtree node dump` prints). */
export function formatNode(node: DevTreeNode, depth = 0): string {
  const ind = '\t'.repeat(depth);
  const out: string[] = [`${ind}${node.parent ? node.name : '/'} {\n`];
  for (const [k, v] of node.attrs) out.push(`${ind}\t${formatAttr(k, v)}\n`);
  for (const c of node.children) out.push('\n', formatNode(c, depth + 1));
  out.push(`${ind}};\n`);
  return out.join('');
}
