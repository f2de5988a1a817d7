// Key events as the rest of the project sees them, independent of blessed.
//
// blessed's key parser (lib/keys.js) reports a carriage return twice (as
// "return" and again as "enter") and a linefeed as "linefeed"; an Esc that
// arrives in the same read as a second Esc becomes one "escape" with meta
// set. normalizeKey folds those quirks so that callers see one Enter per
// keystroke and can recognise Esc Esc however the terminal delivered it.

export interface TuiKey {
  /** Lower-case key name: 'up', 'enter', 'escape', 'a', 'space', or the character itself for punctuation ('?', '/'). */
  readonly name: string;
  /** The printable character the key produced, if any ('Q' for shift+q). */
  readonly ch: string | undefined;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
}

export interface RawKey {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  sequence?: string;
  full?: string;
}

/** Turns blessed's (ch, key) pair into a TuiKey, or undefined for events to drop. */
export function normalizeKey(ch: string | undefined, raw: RawKey | undefined): TuiKey | undefined {
  const key = raw ?? {};
  let name = key.name;
  // blessed emits 'return' and then a synthesized 'enter' for the same \r.
  if (name === 'return') return undefined;
  if (name === 'linefeed') name = 'enter';
  const printable = ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f' ? ch : undefined;
  if (name === undefined || name === '' || name === 'undefined') {
    if (printable === undefined) return undefined;
    name = printable;
  }
  return {
    name,
    ch: name === 'space' ? ' ' : printable,
    ctrl: key.ctrl === true,
    meta: key.meta === true,
    shift: key.shift === true,
  };
}

/** The character a key would type into a text field, or undefined for control keys. */
export function typedChar(key: TuiKey): string | undefined {
  if (key.ctrl || key.meta) return undefined;
  return key.ch;
}
