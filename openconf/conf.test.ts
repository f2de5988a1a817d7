// The line-by-line front ends (config, oldconfig) and defconfig helpers.

import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConfQuestions, defconfig, olddefconfig, savedefconfig, type ConfIo } from './index.ts';
import { loadTree, tempDir } from './testdata/helpers.ts';

const TREE = `mainmenu "Conf test"
config MODULES
	bool "Modules"
	option modules
	default y
config FEATURE
	bool "Feature"
	help
	  Turns the feature on.
config DRIVER
	tristate "Driver"
	depends on FEATURE
config SLICE
	int "Time slice"
	range 1 100
	default 10
choice
	prompt "Flavour"
config SWEET
	bool "Sweet"
config SOUR
	bool "Sour"
endchoice
`;

function scripted(answers: string[]): ConfIo & { questions: string[]; out: string } {
  const io = {
    questions: [] as string[],
    out: '',
    ask(q: string): Promise<string> {
      io.questions.push(q);
      io.out += q;
      return Promise.resolve(answers.shift() ?? '');
    },
    write(s: string): void {
      io.out += s;
    },
  };
  return io;
}

describe('runConfQuestions', () => {
  it('asks every visible prompt in config mode, re-asking invalid answers', async () => {
    const k = loadTree(TREE);
    const io = scripted(['', 'y', 'x', '?', 'm', '500', '20', '2']);
    await runConfQuestions(k, io, 'config');
    expect(io.questions).toEqual([
      'Modules (MODULES) [Y/n/?] (NEW) ',
      'Feature (FEATURE) [N/y/?] (NEW) ',
      'Driver (DRIVER) [N/m/y/?] (NEW) ',
      'Driver (DRIVER) [N/m/y/?] (NEW) ',
      'Driver (DRIVER) [N/m/y/?] (NEW) ',
      'Time slice (SLICE) [10] (NEW) ',
      'Time slice (SLICE) [10] (NEW) ',
      'choice[1-2?]: ',
    ]);
    expect(io.out).toContain('DRIVER:\n\nThere is no help available for this option.\n');
    expect(io.out).toContain('Value out of range [1, 100].');
    expect(io.out).toContain('> 1. Sweet (SWEET) (NEW)\n  2. Sour (SOUR) (NEW)\n');
    expect(k.toJson()).toEqual({ MODULES: true, FEATURE: true, DRIVER: 'm', SLICE: 20, SWEET: false, SOUR: true });
  });

  it('shows the help of a symbol on ?', async () => {
    const k = loadTree(TREE);
    const io = scripted(['', '?', 'n']);
    await runConfQuestions(k, io, 'config');
    expect(io.out).toContain('FEATURE:\n\nTurns the feature on.\n');
    expect(io.out).toContain('Defined at Kconfig:6');
  });

  it('asks only what the .config left open in oldconfig mode', async () => {
    const k = loadTree(TREE);
    k.loadConfigText('CONFIG_MODULES=y\nCONFIG_FEATURE=y\nCONFIG_SLICE=5\nCONFIG_SOUR=y\n# CONFIG_SWEET is not set\n', 'old');
    const io = scripted(['y']);
    await runConfQuestions(k, io, 'oldconfig');
    expect(io.questions).toEqual(['Driver (DRIVER) [N/m/y/?] (NEW) ']);
    expect(k.symbols.get('DRIVER')!.strValue).toBe('y');
    expect(k.symbols.get('SLICE')!.strValue).toBe('5');
  });
});

describe('defconfig helpers', () => {
  it('defconfig, savedefconfig and olddefconfig round-trip', () => {
    const dir = tempDir();
    const def = join(dir, 'board-defconfig');
    writeFileSync(def, 'CONFIG_FEATURE=y\nCONFIG_DRIVER=m\nCONFIG_SOUR=y\n');
    const k = loadTree(TREE);
    expect(defconfig(k, def)).toEqual([]);
    const cfg = join(dir, '.config');
    k.writeConfig(cfg);
    savedefconfig(k, join(dir, 'defconfig'));
    expect(readFileSync(join(dir, 'defconfig'), 'utf8')).toBe('CONFIG_FEATURE=y\nCONFIG_DRIVER=m\nCONFIG_SOUR=y\n');
    const k2 = loadTree(TREE);
    defconfig(k2, join(dir, 'defconfig'));
    expect(k2.configText()).toBe(readFileSync(cfg, 'utf8'));
    // olddefconfig keeps the values and fills in the rest.
    writeFileSync(cfg, 'CONFIG_FEATURE=y\n');
    const k3 = loadTree(TREE);
    expect(olddefconfig(k3, cfg)).toEqual([]);
    expect(readFileSync(cfg, 'utf8')).toContain('CONFIG_FEATURE=y\n# CONFIG_DRIVER is not set\nCONFIG_SLICE=10\n');
  });
});

describe('tristate choices', () => {
  it('asks each member in m mode', async () => {
    const k = loadTree(`config MODULES
	bool "Modules"
	option modules
	default y
choice
	tristate "Codec"
config CODEC_A
	tristate "A"
config CODEC_B
	tristate "B"
endchoice
`);
    const io = scripted(['', '', 'm', 'n']);
    await runConfQuestions(k, io, 'config');
    expect(io.questions).toEqual(['Modules (MODULES) [Y/n/?] (NEW) ', 'Codec [M/y/?] ', 'A (CODEC_A) [N/m/?] (NEW) ', 'B (CODEC_B) [N/m/?] (NEW) ']);
    expect(k.toJson()).toEqual({ MODULES: true, CODEC_A: 'm', CODEC_B: false });
  });

  it('switches a tristate choice to y mode and picks a member', async () => {
    const k = loadTree(`config MODULES
	bool "Modules"
	option modules
	default y
choice
	tristate "Codec"
config CODEC_A
	tristate "A"
config CODEC_B
	tristate "B"
endchoice
`);
    const io = scripted(['', 'y', '2']);
    await runConfQuestions(k, io, 'config');
    expect(io.questions).toEqual(['Modules (MODULES) [Y/n/?] (NEW) ', 'Codec [M/y/?] ', 'choice[1-2?]: ']);
    expect(k.toJson()).toEqual({ MODULES: true, CODEC_A: false, CODEC_B: true });
  });
});
