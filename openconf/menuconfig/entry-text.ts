// How one menu row reads, in the notation menuconfig users know:
//   [*] bool y      [ ] bool n      -*- forced by select
//   <*> <M> < >     tristate y/m/n  {M} {*} selected to at least m
//   (X) ( )         choice members in y mode
//   (value)         int, hex and string entries
//   --->            a submenu (----: one with nothing to show)
//   *** text ***    a comment
// "(NEW)" marks symbols that have no value from the loaded .config yet.

import { Choice, KconfigSymbol, type Tri } from '../index.ts';
import { hasEntries, opensSubmenu, type MenuEntry } from './menu-entries.ts';

export interface EntryText {
  readonly text: string;
  /** Index in `text` of the hotkey character, or -1. */
  readonly hotkey: number;
}

const VALUE_CHAR = [' ', 'M', '*'] as const;

function triBox(type: 'bool' | 'tristate', value: Tri, assignable: readonly Tri[]): string {
  const c = VALUE_CHAR[value];
  if (assignable.length <= 1) return `-${c}-`;
  if (type === 'bool') return `[${c}]`;
  return assignable.includes(0) ? `<${c}>` : `{${c}}`;
}

/** The three-character value box in front of a symbol's prompt, or '' for none. */
export function symbolBox(sym: KconfigSymbol): string {
  const choice = sym.choice;
  if (choice !== undefined && (sym.type === 'bool' || sym.type === 'tristate')) {
    if (choice.triValue === 2) return choice.selection === sym ? '(X)' : '( )';
    return triBox('tristate', sym.triValue, sym.assignable);
  }
  if (sym.type === 'bool' || sym.type === 'tristate') return triBox(sym.type, sym.triValue, sym.assignable);
  return '';
}

function choiceBox(choice: Choice): string {
  if (choice.type === 'bool' && !choice.isOptional) return '';
  return triBox(choice.type, choice.triValue, choice.assignable);
}

/** The prompt text the UI shows for a symbol (its first prompted node), or its name. */
export function symbolPrompt(sym: KconfigSymbol): string {
  for (const n of sym.nodes) if (n.prompt) return n.prompt.text;
  return sym.name;
}

export function entryText(entry: MenuEntry, showAll: boolean): EntryText {
  const { node } = entry;
  const prompt = node.prompt?.text ?? '';
  const indent = '  '.repeat(entry.depth);
  let box = '';
  let value = '';
  let suffix = '';
  const item = node.item;
  if (item instanceof KconfigSymbol) {
    box = symbolBox(item);
    if (box === '' && (item.type === 'int' || item.type === 'hex' || item.type === 'string')) value = `(${item.strValue}) `;
    if (entry.visible && item.userValue === undefined && item.choice === undefined && item.type !== 'unknown') suffix = ' (NEW)';
  } else if (item instanceof Choice) {
    box = choiceBox(item);
    const sel = item.selection;
    if (item.triValue === 2 && sel !== undefined) suffix = ` (${symbolPrompt(sel)})`;
  }
  if (opensSubmenu(node)) suffix += hasEntries(node, showAll) ? '  --->' : '  ----';
  const head = `${box === '' ? '   ' : box} ${indent}`;
  if (item === 'comment') {
    const text = `${head}*** ${prompt} ***`;
    return { text, hotkey: -1 };
  }
  const text = `${head}${value}${prompt}${suffix}`;
  const hot = prompt.search(/[A-Za-z0-9]/);
  return { text, hotkey: hot < 0 ? -1 : head.length + value.length + hot };
}
