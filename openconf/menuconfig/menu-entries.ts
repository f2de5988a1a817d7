// Which rows a menu shows, as the kernel's menuconfig lays them out
// (kconfig-language.rst, "Menu structure"): a menu, a choice and a
// 'menuconfig' symbol open a submenu of their children; the children of a
// plain symbol (entries that depend on it) are shown indented below it.

import { Choice, type MenuNode } from '../index.ts';

export interface MenuEntry {
  readonly node: MenuNode;
  /** Indentation level under the menu (children of plain symbols). */
  readonly depth: number;
  /** False for entries shown only because "show all" is on. */
  readonly visible: boolean;
}

/** True when the node's prompt is currently shown. */
export function isNodeVisible(node: MenuNode): boolean {
  return node.prompt !== undefined && node.promptVisibility > 0;
}

/** True for nodes whose children form a submenu of their own. */
export function opensSubmenu(node: MenuNode): boolean {
  return node.item === 'menu' || node.item instanceof Choice || node.isMenuconfig;
}

/** The rows of `menu`; with `showAll`, prompts whose conditions fail are listed too. */
export function menuEntries(menu: MenuNode, showAll: boolean): MenuEntry[] {
  const out: MenuEntry[] = [];
  collect(menu, 0, showAll, out);
  return out;
}

function collect(parent: MenuNode, depth: number, showAll: boolean, out: MenuEntry[]): void {
  for (const node of parent.children) {
    const visible = isNodeVisible(node);
    const shown = node.prompt !== undefined && (visible || showAll);
    if (shown) out.push({ node, depth, visible });
    if (node.children.length > 0 && !opensSubmenu(node)) {
      // Children of a hidden or promptless symbol take its place, unindented.
      collect(node, shown ? depth + 1 : depth, showAll, out);
    }
  }
}

/** True when a submenu has at least one row to show. */
export function hasEntries(menu: MenuNode, showAll: boolean): boolean {
  return menuEntries(menu, showAll).length > 0;
}

/**
 * The menus to open, outermost first, so that `node` is a row of the last
 * one: every ancestor that opens a submenu, starting at the top.
 */
export function menuPathTo(node: MenuNode): MenuNode[] {
  const path: MenuNode[] = [];
  for (let p = node.parent; p !== undefined; p = p.parent) {
    if (p.parent === undefined || opensSubmenu(p)) path.unshift(p);
  }
  return path;
}

/** The menu title path of a node, e.g. ["Main menu", "Drivers", "Serial"]. */
export function locationOf(node: MenuNode, mainTitle: string): string[] {
  return menuPathTo(node).map((m) => (m.parent === undefined ? mainTitle : (m.prompt?.text ?? '?')));
}
