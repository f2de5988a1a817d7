// Reading a .config (Linux format, as Kconfiglib and the kernel's conf read
// it): "CONFIG_X=value" and "# CONFIG_X is not set"; other '#' lines and
// blank lines are ignored. For bool/tristate only the first character of the
// value counts. Anything unusable (unknown symbol, malformed line, value of
// the wrong type, int/hex out of its active range) is a warning naming
// file:line, and the symbol keeps its default.

import { TRI_STR, unescapeString } from './expr.ts';
import type { Kconfig } from './kconfig.ts';
import type { Choice } from './choice.ts';
import { type KconfigSymbol, toTri } from './symbol.ts';
import { parseNumber, toHex } from './numbers.ts';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function readConfigText(k: Kconfig, text: string, fileName: string, replace: boolean): string[] {
  const warns: string[] = [];
  const setRe = new RegExp(`^${escapeRegExp(k.configPrefix)}([^=]+)=(.*)$`);
  const unsetRe = new RegExp(`^# ${escapeRegExp(k.configPrefix)}([^ ]+) is not set`);
  const setSyms = new Map<KconfigSymbol, number>();
  const setChoices = new Set<Choice>();
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();

  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    const at = `${fileName}:${lineNo}`;
    const line = raw.replace(/\s+$/, '');
    let name: string;
    let val: string;
    const m = setRe.exec(line);
    if (m) {
      name = m[1]!;
      val = m[2]!;
    } else {
      const u = unsetRe.exec(line);
      if (!u) {
        if (line && !line.trimStart().startsWith('#')) warns.push(`${at}: ignoring malformed line '${line}'`);
        return;
      }
      name = u[1]!;
      val = 'n';
    }
    const sym = k.lookup(name);
    if (!sym || !sym.isDefined) {
      warns.push(`${at}: unknown symbol ${name} (value '${val}' ignored)`);
      return;
    }
    const t = sym.origType;
    if (!m && t !== 'bool' && t !== 'tristate') return;
    if (t === 'bool' || t === 'tristate') {
      const c = val[0];
      if (!(c === 'y' || c === 'n' || (c === 'm' && t === 'tristate'))) {
        warns.push(`${at}: '${val}' is not a valid value for the ${t} symbol ${sym.name}; the default is used`);
        return;
      }
      val = c;
      if (sym.choice && val !== 'n') {
        // The mode of a choice follows from the values of its members.
        const ch = sym.choice;
        if (ch.user !== undefined && TRI_STR[ch.user] !== val) {
          warns.push(`${at}: both m and y assigned to symbols within the same choice`);
        }
        if (ch.assign(toTri(val)!)) setChoices.add(ch);
        else warns.push(`${at}: m is not a valid mode for the bool ${ch.nameAndLocation}`);
      }
    } else if (t === 'string') {
      const s = /^"((?:[^\\"]|\\.)*)"/.exec(val);
      if (!s) {
        warns.push(`${at}: malformed string literal in assignment to ${sym.name}; the default is used`);
        return;
      }
      val = unescapeString(s[1]!);
    }
    if (setSyms.has(sym)) {
      warns.push(`${at}: ${sym.name} set more than once. Old value "${sym.userValue}", new value "${val}".`);
    }
    const bad = sym.assign(t === 'bool' || t === 'tristate' ? toTri(val)! : val);
    if (bad) {
      warns.push(`${at}: ${bad}; the default is used`);
      return;
    }
    setSyms.set(sym, lineNo);
    if (sym.choice && val === 'y') setChoices.add(sym.choice);
  });

  if (replace) {
    for (const sym of k.symbols.values()) if (!setSyms.has(sym)) sym.unsetValue();
    for (const ch of k.choices) if (!setChoices.has(ch)) ch.unsetValue();
  }
  k.lastLoaded = new Set(setSyms.keys());

  // Ranges can depend on other symbols, so they are checked once all is read.
  for (const [sym, lineNo] of setSyms) {
    if ((sym.origType !== 'int' && sym.origType !== 'hex') || !sym.visibility || !sym.user) continue;
    const range = sym.activeRange();
    if (!range) continue;
    const base = sym.origType === 'hex' ? 16 : 10;
    const v = parseNumber(sym.user as string, base)!;
    if (v < range.low || v > range.high) {
      const f = (x: bigint) => (base === 16 ? toHex(x) : x.toString());
      warns.push(`${fileName}:${lineNo}: value ${sym.user} of ${sym.name} is outside its range [${f(range.low)}, ${f(range.high)}]; the default ${sym.strValue || '(empty)'} is used`);
    }
  }
  return warns;
}
