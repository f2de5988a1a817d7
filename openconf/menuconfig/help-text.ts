// The text of the `?` help dialog: the entry's help, then what the kernel's
// menuconfig lists under it: symbol, type, value, prompt, dependencies,
// selects and implies both ways, the menu location and where it is defined.

import { Choice, KconfigSymbol, exprToString, exprToStringWithValues, exprValue, type Expr, type MenuNode, type Tri } from '../index.ts';
import { locationOf } from './menu-entries.ts';

const TRI = ['n', 'm', 'y'] as const;

/** "A [=y] && B [=n]", and for more than one symbol the whole value: "=> n". */
function withValue(e: Expr): string {
  if (e instanceof KconfigSymbol || e instanceof Choice) return `${exprToString(e)} [=${TRI[exprValue(e)]}]`;
  return `${exprToStringWithValues(e)}  => ${TRI[exprValue(e)]}`;
}

function isTrivial(e: Expr): boolean {
  return exprToString(e) === 'y';
}

function condSuffix(cond: Expr): string {
  return isTrivial(cond) ? '' : ` if ${withValue(cond)}`;
}

function symValue(sym: KconfigSymbol): string {
  return sym.type === 'string' ? `"${sym.strValue}"` : sym.strValue;
}

function symbolFacts(sym: KconfigSymbol, node: MenuNode, out: string[]): void {
  out.push(`Symbol: ${sym.name} [=${symValue(sym)}]`);
  out.push(`Type  : ${sym.type}`);
  out.push(`Value : ${symValue(sym)}${sym.userValue !== undefined ? ` (set by you: ${sym.userValue})` : ''}`);
  if (node.prompt) out.push(`Prompt: ${node.prompt.text}`);
  if (sym.choice) out.push(`Choice: ${sym.choice.name ?? symbolPromptOf(sym.choice)}`);
  if (!isTrivial(sym.directDep)) out.push(`  Depends on: ${withValue(sym.directDep)}`);
  if (node.prompt && !isTrivial(node.prompt.cond)) out.push(`  Visible if: ${withValue(node.prompt.cond)}`);
  out.push(`  Visibility: ${TRI[sym.visibility]}`);
  for (const r of sym.ranges) out.push(`  Range: [${exprToString(r.low)} ${exprToString(r.high)}]${condSuffix(r.cond)}`);
  for (const d of sym.defaults) out.push(`  Default: ${exprToString(d.value)}${condSuffix(d.cond)}`);
  listRefs('Selects', sym.selects.map((s) => `${s.target.name} [=${symValue(s.target)}]${condSuffix(s.cond)}`), out);
  listRefs('Selected by', sym.selectedBy.map((s) => `${s.name} [=${symValue(s)}]`), out);
  listRefs('Implies', sym.implies.map((s) => `${s.target.name} [=${symValue(s.target)}]${condSuffix(s.cond)}`), out);
  listRefs('Implied by', sym.impliedBy.map((s) => `${s.name} [=${symValue(s)}]`), out);
}

function symbolPromptOf(choice: Choice): string {
  for (const n of choice.nodes) if (n.prompt) return n.prompt.text;
  return '<choice>';
}

function listRefs(title: string, items: readonly string[], out: string[]): void {
  if (items.length === 0) return;
  out.push(`  ${title}:`);
  for (const i of items) out.push(`    - ${i}`);
}

function choiceFacts(choice: Choice, node: MenuNode, out: string[]): void {
  out.push(`Choice: ${choice.name ?? '<unnamed>'}`);
  out.push(`Type  : ${choice.type}${choice.isOptional ? ' (optional)' : ''}`);
  out.push(`Mode  : ${TRI[choice.triValue as Tri]}`);
  if (node.prompt) out.push(`Prompt: ${node.prompt.text}`);
  const sel = choice.selection;
  out.push(`  Selection: ${sel ? sel.name : '(none)'}`);
  if (node.prompt && !isTrivial(node.prompt.cond)) out.push(`  Visible if: ${withValue(node.prompt.cond)}`);
  out.push(`  Members: ${choice.syms.map((s) => s.name).join(', ')}`);
}

/** Help dialog title for a node. */
export function helpTitle(node: MenuNode): string {
  const item = node.item;
  if (item instanceof KconfigSymbol) return item.name;
  if (item instanceof Choice) return item.name ?? 'Choice';
  return node.prompt?.text ?? (item === 'menu' ? 'Menu' : 'Comment');
}

/** The whole help text for a node, ready to wrap. */
export function helpText(node: MenuNode, mainTitle: string): string {
  const out: string[] = [];
  const item = node.item;
  out.push(node.help !== undefined && node.help.trim() !== '' ? node.help.replace(/\s+$/, '') : 'There is no help available for this entry.');
  out.push('');
  if (item instanceof KconfigSymbol) symbolFacts(item, node, out);
  else if (item instanceof Choice) choiceFacts(item, node, out);
  else {
    out.push(`${item === 'menu' ? 'Menu' : 'Comment'}: ${node.prompt?.text ?? ''}`);
    if (!isTrivial(node.dep)) out.push(`  Depends on: ${withValue(node.dep)}`);
    if (item === 'menu' && !isTrivial(node.visibleIf)) out.push(`  Visible if: ${withValue(node.visibleIf)}`);
  }
  const loc = locationOf(node, mainTitle);
  out.push('  Location:');
  loc.forEach((title, i) => out.push(`${'  '.repeat(i + 2)}-> ${title}`));
  out.push(`  Defined at ${node.file}:${node.line}`);
  if (item instanceof KconfigSymbol && item.nodes.length > 1) {
    const others = item.nodes.filter((n) => n !== node).map((n) => `${n.file}:${n.line}`);
    out.push(`  Also defined at ${others.join(', ')}`);
  }
  return out.join('\n');
}
