// A row of dialog buttons ("<Select>  < Exit >"), centred, with the selected
// button highlighted and each button's first letter shown as its hotkey.

import type { Span, TextStyle } from './styled-text.ts';
import { textWidth } from './styled-text.ts';
import { theme } from './theme.ts';

export function buttonText(label: string): string {
  const pad = Math.max(0, 6 - textWidth(label));
  const left = Math.floor(pad / 2);
  return ' '.repeat(left) + label + ' '.repeat(pad - left);
}

/** Index of the button whose first letter is `ch` (case-insensitive), or -1. */
export function buttonForHotkey(labels: readonly string[], ch: string | undefined): number {
  if (ch === undefined) return -1;
  const c = ch.toLowerCase();
  return labels.findIndex((l) => l.trim().charAt(0).toLowerCase() === c);
}

export function buttonRow(labels: readonly string[], selected: number, width: number, base: TextStyle = theme.dialog): Span[] {
  const parts: Span[][] = labels.map((label, i) => {
    const text = buttonText(label);
    const on = i === selected;
    const style = on ? theme.buttonSelected : { ...base, ...theme.button };
    const hot = text.search(/\S/);
    return [
      { text: '<', style },
      { text: text.slice(0, hot), style },
      { text: text.charAt(hot), style: on ? style : { ...style, ...theme.hotkey } },
      { text: text.slice(hot + 1), style },
      { text: '>', style },
    ];
  });
  const gap = 2;
  const total = parts.reduce((n, p) => n + p.reduce((m, s) => m + textWidth(s.text), 0), 0) + gap * Math.max(0, labels.length - 1);
  const lead = Math.max(0, Math.floor((width - total) / 2));
  const row: Span[] = [{ text: ' '.repeat(lead) }];
  parts.forEach((p, i) => {
    if (i > 0) row.push({ text: ' '.repeat(gap) });
    row.push(...p);
  });
  return row;
}
