// Writes a DevTree as DTS text in the layout of `dtc -O dts`: tabs, a blank
// line before each subnode, values guessed from their bytes (strings,
// <cells>, [bytes]) as dtc guesses them for a tree read from a blob.
// Compiling the text again gives the same blob.

import type { DevTree, DevTreeNode } from './devtree.ts';
import { formatValueGuess } from './values.ts';

function hex64(v: bigint): string {
  return '0x' + v.toString(16).padStart(16, '0');
}

export function printDts(tree: DevTree): string {
  const out: string[] = ['/dts-v1/;\n\n'];
  for (const m of tree.memreserves) out.push(`/memreserve/\t${hex64(m.address)} ${hex64(m.size)};\n`);
  const node = (n: DevTreeNode, depth: number): void => {
    const ind = '\t'.repeat(depth);
    const labels = n.labels.map((l) => `${l}: `).join('');
    out.push(`${ind}${labels}${depth === 0 ? '/' : n.name} {\n`);
    for (const [name, v] of n.attrs) {
      out.push(v.length === 0 ? `${ind}\t${name};\n` : `${ind}\t${name} = ${formatValueGuess(v)};\n`);
    }
    for (const c of n.children) {
      out.push('\n');
      node(c, depth + 1);
    }
    out.push(`${ind}};\n`);
  };
  node(tree.root, 0);
  return out.join('');
}
