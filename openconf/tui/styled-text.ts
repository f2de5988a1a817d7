// Lines of text with per-span styles, and their translation into blessed's
// tag markup ("{bold}...{/}"). Widgets build StyledLines; only this file knows
// the tag syntax, so replacing blessed means replacing toMarkup().

export type Color = 'black' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white';

export interface TextStyle {
  readonly fg?: Color;
  readonly bg?: Color;
  readonly bold?: boolean;
  readonly underline?: boolean;
}

export interface Span {
  readonly text: string;
  readonly style?: TextStyle;
}

export type StyledLine = string | readonly Span[];

export function spansOf(line: StyledLine): readonly Span[] {
  return typeof line === 'string' ? [{ text: line }] : line;
}

/** Display width in cells; the UI only prints single-width characters. */
export function textWidth(text: string): number {
  return Array.from(text).length;
}

export function lineWidth(line: StyledLine): number {
  let n = 0;
  for (const span of spansOf(line)) n += textWidth(span.text);
  return n;
}

export function plainText(line: StyledLine): string {
  return spansOf(line).map((s) => s.text).join('');
}

/**
 * Cuts a line to `width` cells and, if `fill` is given, pads it to exactly
 * `width` with spaces in that style (a selection bar spans the whole row).
 */
export function fitLine(line: StyledLine, width: number, fill?: TextStyle): Span[] {
  const out: Span[] = [];
  let left = Math.max(0, width);
  for (const span of spansOf(line)) {
    if (left === 0) break;
    const chars = Array.from(span.text);
    const take = chars.length <= left ? span.text : chars.slice(0, left).join('');
    left -= Math.min(chars.length, left);
    if (take !== '') out.push(span.style ? { text: take, style: span.style } : { text: take });
  }
  if (fill !== undefined && left > 0) out.push({ text: ' '.repeat(left), style: fill });
  return out;
}

/** Applies `style` on top of every span (used to paint a highlighted row). */
export function restyle(line: StyledLine, style: TextStyle): Span[] {
  return spansOf(line).map((s) => ({ text: s.text, style: { ...s.style, ...style } }));
}

function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

function openTags(style: TextStyle): string {
  let tags = '';
  if (style.fg) tags += `{${style.fg}-fg}`;
  if (style.bg) tags += `{${style.bg}-bg}`;
  if (style.bold) tags += '{bold}';
  if (style.underline) tags += '{underline}';
  return tags;
}

/** blessed tag markup for one line; `{/}` returns to the widget's own style. */
export function toMarkup(line: StyledLine): string {
  let out = '';
  for (const span of spansOf(line)) {
    const tags = span.style ? openTags(span.style) : '';
    out += tags === '' ? escapeTags(span.text) : `${tags}${escapeTags(span.text)}{/}`;
  }
  return out;
}
