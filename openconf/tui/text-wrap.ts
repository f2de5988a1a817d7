// Word wrapping for dialog bodies and help text. Paragraph breaks, the
// indentation of each source line and runs of spaces inside a line are kept,
// because help texts use indented lists and aligned "Type  :" columns.

import { textWidth } from './styled-text.ts';

function hardBreak(word: string, lead: string, width: number, out: string[]): string {
  let rest = Array.from(word);
  const room = Math.max(1, width - textWidth(lead));
  while (rest.length > room) {
    out.push(lead + rest.slice(0, room).join(''));
    rest = rest.slice(room);
  }
  return lead + rest.join('');
}

export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const rawLine of text.replace(/\t/g, '        ').split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    if (line === '') {
      out.push('');
      continue;
    }
    const indent = /^ */.exec(line)![0];
    const lead = indent.length < w / 2 ? indent : '';
    // Each token is a word with the spaces that follow it.
    const tokens = line.slice(indent.length).match(/\S+ */g) ?? [];
    let current = lead;
    for (const token of tokens) {
      const word = token.trimEnd();
      if (current !== lead && textWidth(current) + textWidth(word) > w) {
        out.push(current.trimEnd());
        current = lead;
      }
      if (current === lead && textWidth(lead) + textWidth(word) > w) {
        current = hardBreak(word, lead, w, out) + token.slice(word.length);
        continue;
      }
      current += token;
    }
    out.push(current.trimEnd());
  }
  return out;
}
