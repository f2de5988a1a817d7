// Line-by-line front ends, like the kernel's scripts/kconfig/conf:
//  - 'config' asks every visible prompt in menu order;
//  - 'oldconfig' asks only what the loaded .config did not answer;
// plus the non-interactive targets defconfig, olddefconfig and savedefconfig.
// Question formats follow conf: "Prompt (NAME) [Y/n/m/?] (NEW) ", choices
// as a numbered list with "choice[1-N?]: "; '?' shows the help, an empty
// answer keeps the current value, an invalid answer is asked again.

import { existsSync } from 'node:fs';
import type { Kconfig } from './kconfig.ts';
import type { MenuNode } from './menu-node.ts';
import { KconfigSymbol } from './symbol.ts';
import { Choice } from './choice.ts';
import { type Tri, TRI_STR, exprToString } from './expr.ts';
import { parseNumber, toHex } from './numbers.ts';

export interface ConfIo {
  ask(question: string): Promise<string>;
  write(s: string): void;
}

function helpText(node: MenuNode, sym: KconfigSymbol | undefined): string {
  const lines: string[] = [];
  if (sym) {
    lines.push(`${sym.name}:`, '');
  }
  lines.push(node.help && node.help.length ? node.help : 'There is no help available for this option.');
  if (sym) {
    lines.push('', `Symbol: ${sym.name} [=${sym.strValue}]`, `Type  : ${sym.type}`);
    if (node.prompt) lines.push(`Prompt: ${node.prompt.text}`);
    lines.push(`  Depends on: ${exprToString(sym.directDep)}`);
    lines.push(`  Defined at ${node.location}`);
    if (sym.selectedBy.length) lines.push(`  Selected by: ${sym.selectedBy.map((s) => s.name).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

function triChoices(sym: KconfigSymbol): string {
  const cur = sym.triValue;
  let s = TRI_STR[cur].toUpperCase();
  for (const v of [0, 1, 2] as Tri[]) if (v !== cur && sym.assignable.includes(v)) s += '/' + TRI_STR[v];
  return s + '/?';
}

class Session {
  private readonly answered = new Set<KconfigSymbol | Choice>();


  constructor(private readonly k: Kconfig, private readonly io: ConfIo, private readonly mode: 'config' | 'oldconfig') {}

  private isNew(sym: KconfigSymbol): boolean {
    return !this.k.lastLoaded.has(sym) && !this.answered.has(sym);
  }

  async walk(node: MenuNode): Promise<void> {
    for (const c of node.children) await this.visit(c);
  }

  private async visit(node: MenuNode): Promise<void> {
    const item = node.item;
    const shown = node.promptVisibility > 0;
    if (item === 'menu' || item === 'comment') {
      if (!shown) return;
      if (this.mode === 'config') this.io.write(`*\n* ${node.prompt!.text}\n*\n`);
      await this.walk(node);
      return;
    }
    if (item instanceof Choice) {
      if (shown) await this.askChoice(node, item);
      return;
    }
    if (shown) await this.askSymbol(node, item);
    await this.walk(node);
  }

  private async askSymbol(node: MenuNode, sym: KconfigSymbol, asMember = false): Promise<void> {
    if (sym.choice && !asMember) return;
    const isNew = this.isNew(sym);
    if (this.mode === 'oldconfig' && !isNew) return;
    this.answered.add(sym);
    const text = `${node.prompt!.text} (${sym.name}) `;
    const tag = isNew ? '(NEW) ' : '';
    const t = sym.origType;
    if (t === 'bool' || t === 'tristate') {
      if (sym.assignable.length <= 1) {
        if (this.mode === 'config') this.io.write(`${text}[${sym.strValue.toUpperCase()}]\n`);
        return;
      }
      for (;;) {
        const a = (await this.io.ask(`${text}[${triChoices(sym)}] ${tag}`)).trim().toLowerCase();
        if (a === '') return;
        if (a === '?') {
          this.io.write(helpText(node, sym));
          continue;
        }
        const v: Tri | undefined = a[0] === 'y' ? 2 : a[0] === 'm' ? 1 : a[0] === 'n' ? 0 : undefined;
        if (v !== undefined && sym.setValue(v)) return;
      }
    }
    for (;;) {
      const a = (await this.io.ask(`${text}[${sym.strValue}] ${tag}`)).trim();
      if (a === '') {
        // Keeping the value makes it the user's answer, as conf does.
        if (sym.strValue !== '') sym.setValue(sym.strValue);
        return;
      }
      if (a === '?') {
        this.io.write(helpText(node, sym));
        continue;
      }
      if (sym.checkValue(a) === undefined) {
        const range = sym.activeRange();
        if (range && (t === 'int' || t === 'hex')) {
          const n = parseNumber(a, t === 'hex' ? 16 : 10)!;
          if (n < range.low || n > range.high) {
            const f = (x: bigint) => (t === 'hex' ? toHex(x) : x.toString());
            this.io.write(`Value out of range [${f(range.low)}, ${f(range.high)}].\n`);
            continue;
          }
        }
        if (sym.setValue(a)) return;
      }
    }
  }

  /** The mode question of a tristate or optional choice: "Prompt [M/y/?]". */
  private async askChoiceMode(node: MenuNode, ch: Choice): Promise<void> {
    const cur = ch.triValue;
    let opts = TRI_STR[cur].toUpperCase();
    for (const v of [0, 1, 2] as Tri[]) if (v !== cur && ch.assignable.includes(v)) opts += '/' + TRI_STR[v];
    for (;;) {
      const a = (await this.io.ask(`${node.prompt?.text ?? 'Choice'} [${opts}/?] `)).trim().toLowerCase();
      if (a === '') return;
      if (a === '?') {
        this.io.write(helpText(node, undefined));
        continue;
      }
      const v: Tri | undefined = a[0] === 'y' ? 2 : a[0] === 'm' ? 1 : a[0] === 'n' ? 0 : undefined;
      if (v !== undefined && ch.setValue(v)) return;
    }
  }

  private async askChoice(node: MenuNode, ch: Choice): Promise<void> {
    if (ch.assignable.length > 1 && (this.mode === 'config' || (ch.userValue === undefined && !this.answered.has(ch)))) {
      await this.askChoiceMode(node, ch);
    }
    const visible = ch.syms.filter((s) => s.visibility > 0);
    if (!visible.length || ch.triValue === 0) return;
    if (ch.triValue === 1) {
      // m mode: each member is a separate m/n question.
      for (const s of visible) {
        const n = s.nodes.find((x) => x.parent === node) ?? s.nodes[0]!;
        if (n.prompt) await this.askSymbol(n, s, true);
      }
      for (const c of node.children) await this.walk(c);
      return;
    }
    const isNew = !ch.userSelection && visible.every((s) => this.isNew(s));
    if (this.mode === 'oldconfig' && (!isNew || this.answered.has(ch))) return;
    this.answered.add(ch);
    for (;;) {
      this.io.write(`${node.prompt?.text ?? 'Choice'}\n`);
      visible.forEach((s, i) => {
        const sn = s.nodes.find((x) => x.parent === node) ?? s.nodes[0]!;
        const mark = ch.selection === s ? '>' : ' ';
        this.io.write(`${mark} ${i + 1}. ${sn.prompt?.text ?? s.name} (${s.name})${this.isNew(s) ? ' (NEW)' : ''}\n`);
      });
      const a = (await this.io.ask(`choice[1-${visible.length}?]: `)).trim();
      if (a === '') {
        if (ch.selection) ch.selection.setValue(2);
        break;
      }
      if (a === '?') {
        this.io.write(helpText(node, undefined));
        continue;
      }
      const i = /^\d+$/.test(a) ? Number(a) - 1 : -1;
      if (i >= 0 && i < visible.length && ch.select(visible[i]!)) break;
    }
    for (const s of visible) this.answered.add(s);
    // Entries that depend on a member are asked after the choice.
    for (const c of node.children) await this.walk(c);
  }
}

/**
 * Asks the questions of 'make config' (every visible prompt) or
 * 'make oldconfig' (only symbols and choices the loaded .config left open).
 */
export async function runConfQuestions(kconfig: Kconfig, io: ConfIo, mode: 'config' | 'oldconfig'): Promise<void> {
  if (mode === 'config') io.write(`*\n* ${kconfig.mainmenuText}\n*\n`);
  await new Session(kconfig, io, mode).walk(kconfig.top);
}

/** Loads a defconfig (replacing all user values); returns its warnings. Write the result with kconfig.writeConfig(). */
export function defconfig(kconfig: Kconfig, file: string): string[] {
  return kconfig.loadConfig(file);
}

/** Loads configPath if it exists and writes it back with new symbols at their defaults; returns the warnings. */
export function olddefconfig(kconfig: Kconfig, configPath: string): string[] {
  const warns = existsSync(configPath) ? kconfig.loadConfig(configPath) : [];
  kconfig.writeConfig(configPath);
  return warns;
}

/** Writes the minimal configuration (only values that differ from the defaults) to outPath. */
export function savedefconfig(kconfig: Kconfig, outPath: string): void {
  kconfig.writeMinConfig(outPath);
}
