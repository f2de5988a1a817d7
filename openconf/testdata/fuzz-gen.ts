// Random Kconfig trees and .config files for differential testing against
// Kconfiglib. Seeded, so a failing seed can be replayed. Symbols mostly refer
// to earlier ones (so most trees are free of dependency loops); a few
// references go forward to exercise loop detection too.

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type T = 'bool' | 'tristate' | 'int' | 'hex' | 'string';

interface Sym {
  name: string;
  type: T;
}

export function generateCase(seed: number): { kconfig: string; config: string } {
  const r = rng(seed);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const syms: Sym[] = [];
  const out: string[] = [];
  let ind = '';
  const withModules = chance(0.75);
  if (withModules) {
    out.push('config MODULES', '\tbool "modules"', '\toption modules');
    if (chance(0.7)) out.push('\tdefault y');
    syms.push({ name: 'MODULES', type: 'bool' });
  }
  const nSyms = 6 + Math.floor(r() * 20);
  const tri = () => syms.filter((s) => s.type === 'bool' || s.type === 'tristate');
  const numeric = () => syms.filter((s) => s.type === 'int' || s.type === 'hex');

  const atom = (): string => {
    const bt = tri();
    const roll = r();
    if (roll < 0.1) return pick(['y', 'm', 'n']);
    if (roll < 0.2 && syms.length) {
      const s = pick(syms);
      const ops = ['=', '!=', '<', '>=', '>', '<='];
      const rhs = s.type === 'string' ? pick(['"a"', '"b"', '""']) : s.type === 'int' ? pick(['3', '10', '-1']) :
        s.type === 'hex' ? pick(['0x10', '0x3', '16']) : pick(['y', 'm', 'n']);
      return `${s.name} ${pick(ops)} ${rhs}`;
    }
    if (roll < 0.25) return 'FWD_' + Math.floor(r() * 3);
    if (!bt.length) return pick(['y', 'n', 'm']);
    return pick(bt).name;
  };
  const expr = (depth = 0): string => {
    const roll = r();
    if (depth > 2 || roll < 0.5) return atom();
    if (roll < 0.65) return '!' + (chance(0.5) ? atom() : `(${expr(depth + 1)})`);
    if (roll < 0.85) return `${expr(depth + 1)} && ${expr(depth + 1)}`;
    if (roll < 0.95) return `${expr(depth + 1)} || ${expr(depth + 1)}`;
    return `(${expr(depth + 1)})`;
  };
  const cond = () => (chance(0.3) ? ` if ${expr()}` : '');
  const valueFor = (t: T): string => {
    switch (t) {
      case 'bool': return chance(0.2) ? expr() : pick(['y', 'n', 'm']);
      case 'tristate': return chance(0.3) ? expr() : pick(['y', 'n', 'm']);
      case 'int': {
        const ints = syms.filter((s) => s.type === 'int');
        return ints.length && chance(0.2) ? pick(ints).name : pick(['0', '1', '5', '10', '100', '-3', '007']);
      }
      case 'hex': return pick(['0x0', '0x10', '0xff', '0X1A', '20', '0x1000']);
      case 'string': {
        const strs = syms.filter((s) => s.type === 'string');
        return strs.length && chance(0.2) ? pick(strs).name : pick(['"a"', '"b"', '""', '"with \\"q\\""']);
      }
    }
  };

  let counter = 0;
  const symbol = (inChoice: 'bool' | 'tristate' | undefined): void => {
    const name = `S${counter++}`;
    const type: T = inChoice ? (chance(0.85) ? inChoice : pick(['bool', 'tristate'] as const)) : pick(['bool', 'bool', 'tristate', 'tristate', 'int', 'hex', 'string'] as const);
    const menuconfig = !inChoice && chance(0.15);
    out.push(`${ind}${menuconfig ? 'menuconfig' : 'config'} ${name}`);
    const hasPrompt = inChoice ? chance(0.95) : chance(0.75);
    if (chance(0.15) && (type === 'bool' || type === 'tristate') && !inChoice) {
      out.push(`${ind}\tdef_${type} ${valueFor(type)}${cond()}`);
      if (hasPrompt) out.push(`${ind}\tprompt "${name}"${cond()}`);
    } else {
      out.push(`${ind}\t${type}${hasPrompt ? ` "${name} prompt"${cond()}` : ''}`);
    }
    const prev = syms[syms.length - 1];
    if (prev && chance(0.2)) {
      // Entries right after a symbol that depend on it form implicit submenus.
      out.push(`${ind}\tdepends on ${pick([prev.name, `${prev.name} = y`, `${prev.name} != n`, `${prev.name} = m`, `${expr()} && ${prev.name}`, `${prev.name} || ${expr()}`])}`);
    } else if (chance(0.35)) out.push(`${ind}\tdepends on ${expr()}`);
    if (!inChoice) {
      const nd = Math.floor(r() * 3);
      for (let i = 0; i < nd; i++) out.push(`${ind}\tdefault ${valueFor(type)}${cond()}`);
    }
    if ((type === 'int' || type === 'hex') && chance(0.5)) {
      const nums = numeric().filter((s) => s.type === type);
      const lo = type === 'int' ? pick(['0', '2', '5', '-5']) : pick(['0x0', '0x8', '0x10']);
      const hi = nums.length && chance(0.3) ? pick(nums).name : type === 'int' ? pick(['8', '20', '50']) : pick(['0x20', '0x100']);
      out.push(`${ind}\trange ${lo} ${hi}${cond()}`);
      if (chance(0.3)) out.push(`${ind}\trange ${lo} ${lo}`);
    }
    if ((type === 'bool' || type === 'tristate') && chance(0.3)) {
      out.push(`${ind}\t${pick(['select', 'imply'])} LATE_${Math.floor(r() * 4)}${cond()}`);
    }
    if (chance(0.1)) out.push(`${ind}\thelp`, `${ind}\t  Help for ${name}.`, '', `${ind}\t  More help.`);
    syms.push({ name, type });
  };

  const block = (depth: number, budget: { n: number }): void => {
    while (budget.n > 0) {
      const roll = r();
      if (depth < 3 && roll < 0.08) {
        out.push(`${ind}menu "Menu ${counter}"`);
        if (chance(0.4)) out.push(`${ind}\tdepends on ${expr()}`);
        if (chance(0.2)) out.push(`${ind}\tvisible if ${expr()}`);
        ind += '';
        block(depth + 1, { n: Math.min(budget.n, 1 + Math.floor(r() * 5)) });
        out.push(`${ind}endmenu`);
        budget.n -= 2;
      } else if (depth < 3 && roll < 0.16) {
        out.push(`${ind}if ${expr()}`);
        block(depth + 1, { n: Math.min(budget.n, 1 + Math.floor(r() * 4)) });
        out.push(`${ind}endif`);
        budget.n -= 2;
      } else if (depth < 3 && roll < 0.24) {
        const ct: 'bool' | 'tristate' = chance(0.5) ? 'bool' : 'tristate';
        out.push(`${ind}choice${chance(0.2) ? ' CH' + counter : ''}`, `${ind}\tprompt "choice ${counter}"${cond()}`);
        if (chance(0.7)) out.push(`${ind}\t${ct}`);
        if (chance(0.3)) out.push(`${ind}\toptional`);
        if (chance(0.3)) out.push(`${ind}\tdepends on ${expr()}`);
        const members = 1 + Math.floor(r() * 4);
        const first = counter;
        if (chance(0.5)) out.push(`${ind}\tdefault S${first + Math.floor(r() * members)}${cond()}`);
        for (let i = 0; i < members; i++) symbol(ct);
        out.push(`${ind}endchoice`);
        budget.n -= members;
      } else if (roll < 0.31 && syms.length) {
        // A second definition of an existing symbol, with its own properties.
        const s = pick(syms.filter((x) => x.name.startsWith('S')).length ? syms.filter((x) => x.name.startsWith('S')) : syms);
        out.push(`${ind}config ${s.name}`);
        // Refer only to what came before the first definition, so that most
        // redefinitions add no loop.
        const later = syms.splice(syms.indexOf(s));
        if (chance(0.6)) out.push(`${ind}\t${s.type}${chance(0.6) ? ` "${s.name} again"${cond()}` : ''}`);
        else if (chance(0.5)) out.push(`${ind}\tprompt "${s.name} again"${cond()}`);
        if (chance(0.5)) out.push(`${ind}\tdepends on ${expr()}`);
        if (chance(0.5)) out.push(`${ind}\tdefault ${valueFor(s.type)}${cond()}`);
        syms.push(...later);
        budget.n--;
      } else if (roll < 0.34) {
        out.push(`${ind}comment "comment ${counter}"`);
        if (chance(0.5)) out.push(`${ind}\tdepends on ${expr()}`);
        budget.n--;
      } else {
        symbol(undefined);
        budget.n--;
      }
    }
  };
  block(0, { n: nSyms });
  // Targets of select/imply and forward references, defined last.
  for (let i = 0; i < 4; i++) {
    out.push(`config LATE_${i}`, `\t${pick(['bool', 'tristate'])}${chance(0.6) ? ` "late ${i}"` : ''}`);
    if (chance(0.4)) out.push(`\tdepends on ${expr()}`);
    if (chance(0.3)) out.push(`\tdefault ${pick(['y', 'm', 'n'])}`);
    syms.push({ name: `LATE_${i}`, type: 'tristate' });
  }
  for (let i = 0; i < 3; i++) {
    if (chance(0.5)) out.push(`config FWD_${i}`, `\tbool "fwd ${i}"`, `\tdefault ${chance(0.9) ? pick(['y', 'n']) : pick(syms).name}`);
  }

  const conf: string[] = [];
  // Some cases take the defaults alone.
  const noConfig = chance(0.15);
  for (const s of noConfig ? [] : syms) {
    const roll = r();
    if (roll < 0.3) continue;
    let v: string;
    switch (s.type) {
      case 'bool': case 'tristate': v = pick(['y', 'm', 'n', 'n', 'y']); break;
      case 'int': v = pick(['0', '3', '9', '20', '-4', '100', 'x']); break;
      case 'hex': v = pick(['0x0', '0x9', '0x18', '0x200', '12', 'zz']); break;
      case 'string': v = pick(['"a"', '"b"', '"x\\"y"', 'bad']); break;
    }
    if (v === 'n' && chance(0.7)) conf.push(`# CONFIG_${s.name} is not set`);
    else conf.push(`CONFIG_${s.name}=${v}`);
  }
  // Shuffle so that choice members arrive in any order.
  for (let i = conf.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [conf[i], conf[j]] = [conf[j]!, conf[i]!];
  }
  return { kconfig: out.join('\n') + '\n', config: conf.join('\n') + '\n' };
}
