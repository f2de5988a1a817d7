// Word wrapping for dialog bodies and help text. Paragraph breaks and the
// indentation of each source line are kept, because help texts in Kconfig
// files use indented lists and blank lines between paragraphs.

import { textWidth } from './styled-text.ts';

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
    const words = line.trim().split(/ +/);
    let current = lead;
    let empty = true;
    for (const word of words) {
      const need = (empty ? 0 : 1) + textWidth(word);
      if (!empty && textWidth(current) + need > w) {
        out.push(current);
        current = lead;
        empty = true;
      }
      if (empty && textWidth(lead) + textWidth(word) > w) {
        // A word longer than the line: break it hard.
        let rest = Array.from(word);
        while (textWidth(lead) + rest.length > w) {
          const room = Math.max(1, w - textWidth(lead));
          out.push(lead + rest.slice(0, room).join(''));
          rest = rest.slice(room);
        }
        current = lead + rest.join('');
        empty = rest.length === 0;
        continue;
      }
      current += (empty ? '' : ' ') + word;
      empty = false;
    }
    if (!empty || current !== lead) out.push(current);
  }
  return out;
}
