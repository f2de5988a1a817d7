// menuconfig's behaviour: the stack of open menus, what each key does to the
// highlighted entry, and the dialogs for values, help, search, save, load and
// exit. Drawing is MainView's job; the Kconfig library holds all values.

import { existsSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Choice, KconfigSymbol, type Kconfig, type MenuNode, type Tri } from '../index.ts';
import {
  EscapeChord,
  askButtons,
  askText,
  pickFromList,
  showMessage,
  type TuiKey,
  type TuiScreen,
} from '../tui/index.ts';
import { entryText } from './entry-text.ts';
import { helpText, helpTitle } from './help-text.ts';
import { BUTTONS, MainView, type MenuRow } from './main-view.ts';
import { isNodeVisible, locationOf, menuEntries, menuPathTo, opensSubmenu, type MenuEntry } from './menu-entries.ts';
import { compileSearch, searchNodes } from './search.ts';
import { checkEntry, entryPrompt } from './value-check.ts';

export interface MenuconfigAppOptions {
  readonly configPath: string;
  /** Called once with the outcome, after the screen has been given back. */
  readonly onExit: (result: { saved: boolean }) => void;
  /** Called for failures that are bugs, not bad input. */
  readonly onFailure: (err: unknown) => void;
}

interface Level {
  readonly menu: MenuNode;
  selectedNode: MenuNode | undefined;
}

export class MenuconfigApp {
  private readonly view: MainView;
  private stack: Level[];
  private entries: MenuEntry[] = [];
  private button = 0;
  private showAll = false;
  private savedToConfig = false;
  private baseline: string | undefined;
  private lastSearch = '';
  private readonly esc = new EscapeChord();
  private finished = false;

  constructor(
    private readonly screen: TuiScreen,
    private readonly kconfig: Kconfig,
    private readonly opts: MenuconfigAppOptions,
  ) {
    this.baseline = existsSync(opts.configPath) ? readFileSync(opts.configPath, 'utf8') : undefined;
    this.stack = [{ menu: kconfig.top, selectedNode: undefined }];
    this.view = new MainView(screen);
    this.view.setTitle(`${opts.configPath} - ${kconfig.mainmenuText}`);
    screen.pushKeys((key) => this.onKey(key));
    screen.onResize(() => this.view.layout());
    this.view.layout();
    this.refresh();
    screen.render();
  }

  /** The menu currently shown (for tests and the search jump). */
  get currentMenu(): MenuNode {
    return this.stack[this.stack.length - 1]!.menu;
  }

  get selectedNode(): MenuNode | undefined {
    return this.entries[this.view.list.selected]?.node;
  }

  /** True when the configuration differs from what configPath holds. */
  get isDirty(): boolean {
    return this.baseline === undefined || this.kconfig.configText() !== this.baseline;
  }

  private get level(): Level {
    return this.stack[this.stack.length - 1]!;
  }

  private get mainTitle(): string {
    return this.kconfig.mainmenuText || 'Main menu';
  }

  /** Recomputes the rows of the current menu, keeping the highlight on the same entry. */
  private refresh(): void {
    const level = this.level;
    this.entries = menuEntries(level.menu, this.showAll);
    let index = level.selectedNode ? this.entries.findIndex((e) => e.node === level.selectedNode) : 0;
    if (index < 0) index = Math.min(this.view.list.selected, Math.max(0, this.entries.length - 1));
    const rows: MenuRow[] = this.entries.map((e) => {
      const t = entryText(e, this.showAll);
      return { text: t.text, hotkey: t.hotkey, dim: !e.visible };
    });
    this.view.setMenuTitle(level.menu.parent === undefined ? this.mainTitle : (level.menu.prompt?.text ?? ''));
    this.view.setRows(rows, index);
    level.selectedNode = this.entries[this.view.list.selected]?.node;
    this.view.setButton(this.button);
  }

  private afterMove(): void {
    this.level.selectedNode = this.entries[this.view.list.selected]?.node;
    this.view.select(this.view.list.selected);
  }

  private onKey(key: TuiKey): void {
    if (this.finished) return;
    if (this.esc.feed(key)) return this.run(() => this.back());
    if (key.name === 'escape' || this.view.isTooSmall) return;
    if (this.view.list.handleKey(key)) return this.afterMove();
    switch (key.name) {
      case 'left':
        this.button = (this.button + BUTTONS.length - 1) % BUTTONS.length;
        this.view.setButton(this.button);
        return;
      case 'right':
      case 'tab':
        this.button = (this.button + 1) % BUTTONS.length;
        this.view.setButton(this.button);
        return;
      case 'enter':
        return this.run(() => this.pressButton());
      case 'space':
        return this.run(() => this.cycle());
      case '?':
        return this.run(() => this.help());
      case '/':
        return this.run(() => this.search());
    }
    if (key.ctrl && key.name === 'c') return this.run(() => this.quit());
    if (key.ctrl || key.meta || key.ch === undefined) return;
    if (key.shift) {
      if (key.name === 'q') return this.run(() => this.quit());
      if (key.name === 's') return this.run(() => this.save());
      if (key.name === 'l') return this.run(() => this.load());
    }
    switch (key.ch) {
      case 'y':
        return this.setTri(2);
      case 'm':
        return this.setTri(1);
      case 'n':
        return this.setTri(0);
      case 'h':
        return this.run(() => this.help());
      case 'z':
        this.showAll = !this.showAll;
        return this.refresh();
    }
    this.hotkey(key.ch);
  }

  /** Runs an action, sending unexpected failures to onFailure. */
  private run(action: () => void | Promise<void>): void {
    try {
      const p = action();
      if (p) p.catch((err: unknown) => this.opts.onFailure(err));
    } catch (err) {
      this.opts.onFailure(err);
    }
  }

  private current(): MenuEntry | undefined {
    return this.entries[this.view.list.selected];
  }

  private hotkey(ch: string): void {
    const c = ch.toLowerCase();
    const n = this.entries.length;
    const start = this.view.list.selected;
    for (let step = 1; step <= n; step++) {
      const i = (start + step) % n;
      const t = entryText(this.entries[i]!, this.showAll);
      if (t.hotkey >= 0 && t.text.charAt(t.hotkey).toLowerCase() === c) {
        this.view.list.select(i);
        return this.afterMove();
      }
    }
  }

  private async pressButton(): Promise<void> {
    switch (BUTTONS[this.button]) {
      case 'Select':
        return this.selectEntry();
      case 'Exit':
        return this.back();
      case 'Help':
        return this.help();
      case 'Save':
        return this.save();
      case 'Load':
        return this.load();
    }
  }

  private enter(node: MenuNode): void {
    this.stack.push({ menu: node, selectedNode: undefined });
    this.button = 0;
    this.refresh();
  }

  private async back(): Promise<void> {
    if (this.stack.length > 1) {
      const left = this.stack.pop()!;
      this.level.selectedNode = left.menu;
      this.refresh();
      return;
    }
    return this.quit();
  }

  /** Enter / Select: open a submenu, edit a value, or toggle. */
  private async selectEntry(): Promise<void> {
    const e = this.current();
    if (!e) return;
    const node = e.node;
    const item = node.item;
    if (opensSubmenu(node)) return this.enter(node);
    if (item instanceof KconfigSymbol) {
      if (item.choice !== undefined && item.choice.triValue === 2) {
        if (item.choice.select(item)) this.changed();
        // As in the kernel's menuconfig, picking a choice member closes the choice.
        if (this.stack.length > 1 && this.currentMenu.item === item.choice) await this.back();
        return;
      }
      if (item.type === 'int' || item.type === 'hex' || item.type === 'string') return this.editValue(item);
      return this.cycle();
    }
  }

  /** Space: step bool/tristate values round; open what cannot be toggled. */
  private async cycle(): Promise<void> {
    const e = this.current();
    if (!e) return;
    const node = e.node;
    const item = node.item;
    if (item instanceof Choice) {
      if (item.assignable.length > 1) return this.setTri(nextTri(item.triValue, item.assignable));
      return this.enter(node);
    }
    if (item instanceof KconfigSymbol) {
      if (item.type === 'int' || item.type === 'hex' || item.type === 'string') return this.editValue(item);
      if (item.choice !== undefined && item.choice.triValue === 2) return this.setTri(2);
      if (item.assignable.length > 1) return this.setTri(nextTri(item.triValue, item.assignable));
      if (opensSubmenu(node)) return this.enter(node);
      return;
    }
    if (item === 'menu') return this.enter(node);
  }

  private setTri(value: Tri): void {
    const e = this.current();
    if (!e) return;
    const item = e.node.item;
    let ok = false;
    if (item instanceof Choice) {
      ok = item.assignable.includes(value) && item.setValue(value);
    } else if (item instanceof KconfigSymbol) {
      if (item.choice !== undefined && item.choice.triValue === 2) ok = value === 2 && item.choice.select(item);
      else if (item.type === 'bool' || item.type === 'tristate') ok = item.assignable.includes(value) && item.setValue(value);
    }
    if (ok) this.changed();
  }

  private changed(): void {
    this.refresh();
  }

  private async editValue(sym: KconfigSymbol): Promise<void> {
    const node = this.current()!.node;
    const text = await askText(this.screen, {
      title: node.prompt?.text ?? sym.name,
      text: `${entryPrompt(sym)}\n${sym.name} is now ${sym.type === 'string' ? `"${sym.strValue}"` : sym.strValue || '(empty)'}.`,
      initial: sym.strValue,
      errorTitle: 'Invalid value',
      validate: (typed) => {
        const check = checkEntry(sym, typed);
        return check.ok ? undefined : check.error;
      },
    });
    if (text === undefined) return;
    const check = checkEntry(sym, text);
    if (!check.ok) return;
    if (!sym.setValue(check.value)) {
      await showMessage(this.screen, { title: 'Not changed', text: `${sym.name} cannot be changed now (it is not visible).` });
    }
    this.changed();
  }

  private async help(node = this.current()?.node): Promise<void> {
    if (!node) return;
    await showMessage(this.screen, { title: helpTitle(node), text: helpText(node, this.mainTitle), wide: true, buttons: ['Exit'] });
  }

  private async search(): Promise<void> {
    const pattern = await askText(this.screen, {
      title: 'Search Configuration Parameter',
      text: 'Enter a regular expression to look for in symbol names (CONFIG_ may be left out) and prompt texts. Case is ignored.',
      initial: this.lastSearch,
      errorTitle: 'Invalid search',
      validate: (p) => {
        const re = compileSearch(stripConfigPrefix(p));
        return typeof re === 'string' ? re : undefined;
      },
    });
    if (pattern === undefined) return;
    this.lastSearch = pattern;
    const re = compileSearch(stripConfigPrefix(pattern));
    if (typeof re === 'string') return;
    const hits = searchNodes(this.kconfig, re);
    const picked = await pickFromList(this.screen, {
      title: `Search results for "${pattern}"`,
      text: `${hits.length} ${hits.length === 1 ? 'match' : 'matches'}. <Enter> jumps to the entry, <?> shows its help.`,
      items: hits.map((h) => h.label),
      emptyText: 'No symbol or prompt matches.',
      buttons: ['Jump', 'Cancel'],
      describe: (i) => this.describeHit(hits[i]!.node),
      onKey: (key, i) => {
        if (key.name !== '?') return false;
        this.run(() => this.help(hits[i]!.node));
        return true;
      },
    });
    if (picked === undefined) return;
    await this.jumpTo(hits[picked]!.node);
  }

  private describeHit(node: MenuNode): string[] {
    const item = node.item;
    const lines = [`Location: ${locationOf(node, this.mainTitle).join(' > ')}`];
    let state = `Defined at ${node.file}:${node.line}`;
    if (item instanceof KconfigSymbol) state = `Value: ${item.strValue || '""'}, type ${item.type}. ${state}`;
    lines.push(state);
    lines.push(node.prompt === undefined ? 'No prompt: the value is computed, not asked.' : isNodeVisible(node) ? '' : 'Currently hidden: its dependencies are not met.');
    return lines;
  }

  /** Opens the menus that lead to `node` and highlights it. */
  async jumpTo(node: MenuNode): Promise<void> {
    if (node.prompt === undefined) return this.help(node);
    const path = menuPathTo(node);
    const hidden = !isNodeVisible(node) || path.some((m) => m.parent !== undefined && !isNodeVisible(m));
    if (hidden) this.showAll = true;
    this.stack = path.map((menu, i) => ({ menu, selectedNode: path[i + 1] ?? node }));
    this.button = 0;
    this.refresh();
  }

  private async save(): Promise<void> {
    const path = await askText(this.screen, {
      title: 'Save Configuration',
      text: 'Enter the name of the file to write the configuration to.',
      initial: this.opts.configPath,
    });
    if (path === undefined || path.trim() === '') return;
    const file = path.trim();
    if (!(await this.writeTo(file))) return;
    await showMessage(this.screen, { title: 'Saved', text: `Configuration written to ${file}.` });
  }

  /** Writes the configuration; reports failure in a dialog and returns false. */
  private async writeTo(file: string): Promise<boolean> {
    try {
      this.kconfig.writeConfig(file);
    } catch (err) {
      await showMessage(this.screen, { title: 'Error', text: `Could not write ${file}: ${(err as Error).message}` });
      return false;
    }
    if (resolvePath(file) === resolvePath(this.opts.configPath)) {
      this.savedToConfig = true;
      this.baseline = readFileSync(file, 'utf8');
    }
    return true;
  }

  private async load(): Promise<void> {
    const path = await askText(this.screen, {
      title: 'Load Configuration',
      text: 'Enter the name of a configuration file to load. Values it does not set return to their defaults.',
      initial: this.opts.configPath,
    });
    if (path === undefined || path.trim() === '') return;
    const file = path.trim();
    if (!existsSync(file)) {
      await showMessage(this.screen, { title: 'Error', text: `${file}: no such file. Nothing was loaded.` });
      return;
    }
    let warnings: string[];
    try {
      warnings = this.kconfig.loadConfig(file, { replace: true });
    } catch (err) {
      await showMessage(this.screen, { title: 'Error', text: `Could not load ${file}: ${(err as Error).message}` });
      return;
    }
    this.refresh();
    const shown = warnings.slice(0, 50);
    const more = warnings.length > shown.length ? `\n... and ${warnings.length - shown.length} more.` : '';
    const text = warnings.length === 0 ? `Configuration loaded from ${file}.` : `Configuration loaded from ${file}, with warnings:\n\n${shown.join('\n')}${more}`;
    await showMessage(this.screen, { title: 'Loaded', text, wide: warnings.length > 0 });
  }

  private async quit(): Promise<void> {
    if (this.isDirty) {
      const answer = await askButtons(this.screen, {
        title: 'Exit',
        text: 'Do you wish to save your new configuration?\n<Esc><Esc> returns to the menu.',
        buttons: ['Yes', 'No'],
      });
      if (answer === undefined) return;
      if (answer === 0 && !(await this.writeTo(this.opts.configPath))) return;
    }
    this.finish();
  }

  /** Leaves without asking (the terminal went away); unsaved changes are lost. */
  abandon(): void {
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.opts.onExit({ saved: this.savedToConfig });
  }
}

function nextTri(value: Tri, assignable: readonly Tri[]): Tri {
  const sorted = [...assignable].sort();
  for (const v of sorted) if (v > value) return v;
  return sorted[0] ?? value;
}

function stripConfigPrefix(pattern: string): string {
  return pattern.replace(/^CONFIG_/i, '');
}
