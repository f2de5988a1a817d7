// The `/` search: a case-insensitive regular expression matched against
// symbol names and prompt texts of every entry in the tree (symbols, choices,
// menus and comments), listed in menu order.

import { Choice, KconfigSymbol, type Kconfig, type MenuNode } from '../index.ts';

export interface SearchHit {
  readonly node: MenuNode;
  /** What the result list shows for this hit. */
  readonly label: string;
}

/** Compiles the user's pattern, or gives the reason it is not a valid expression. */
export function compileSearch(pattern: string): RegExp | string {
  try {
    return new RegExp(pattern, 'i');
  } catch (err) {
    return `'${pattern}' is not a valid regular expression: ${(err as Error).message}`;
  }
}

function labelOf(node: MenuNode): string {
  const item = node.item;
  const prompt = node.prompt?.text;
  if (item instanceof KconfigSymbol) return prompt !== undefined ? `${item.name} - ${prompt}` : `${item.name} (no prompt)`;
  if (item instanceof Choice) return `Choice${item.name ? ` ${item.name}` : ''}: ${prompt ?? ''}`;
  return `${item === 'menu' ? 'Menu' : 'Comment'}: ${prompt ?? ''}`;
}

function matches(node: MenuNode, re: RegExp): boolean {
  const item = node.item;
  if (node.prompt && re.test(node.prompt.text)) return true;
  if (item instanceof KconfigSymbol) return re.test(item.name);
  if (item instanceof Choice) return item.name !== undefined && re.test(item.name);
  return false;
}

function wanted(node: MenuNode): boolean {
  if (node.prompt) return true;
  // A symbol defined only without a prompt is still worth finding (its help
  // tells why it has the value it has); extra promptless definitions are not.
  const item = node.item;
  return item instanceof KconfigSymbol && item.nodes.every((n) => !n.prompt) && item.nodes[0] === node;
}

export function searchNodes(kconfig: Kconfig, re: RegExp): SearchHit[] {
  const hits: SearchHit[] = [];
  const walk = (parent: MenuNode): void => {
    for (const node of parent.children) {
      if (wanted(node) && matches(node, re)) hits.push({ node, label: labelOf(node) });
      walk(node);
    }
  };
  walk(kconfig.top);
  return hits;
}
