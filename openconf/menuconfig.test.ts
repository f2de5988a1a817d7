import { describe, it, expect, afterEach } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMenuconfig, type MenuconfigSession } from './menuconfig.ts';
import type { Kconfig } from './index.ts';
import { FakeTerminal, KEYS } from './tui/testing/fake-terminal.ts';
import { fixtureLine, loadFixture, tempDir } from './menuconfig/testing/fixtures.ts';

let session: MenuconfigSession | undefined;

afterEach(() => {
  session?.screen.destroy();
  session = undefined;
});

async function start(opts: { config?: string; kconfig?: Kconfig } = {}): Promise<{ term: FakeTerminal; kconfig: Kconfig; configPath: string; dir: string }> {
  const dir = tempDir();
  const configPath = join(dir, '.config');
  const kconfig = opts.kconfig ?? loadFixture();
  if (opts.config !== undefined) {
    writeFileSync(configPath, opts.config);
    kconfig.loadConfig(configPath);
  }
  const term = new FakeTerminal(80, 24);
  session = startMenuconfig(kconfig, { configPath, input: term.input, output: term.output, terminal: 'xterm' });
  term.attach(session.screen);
  await term.settle();
  return { term, kconfig, configPath, dir };
}

function sym(k: Kconfig, name: string): string {
  return k.symbols.get(name)!.strValue;
}

function frameTitle(term: FakeTerminal): string {
  return term.lines()[2]!.replace(/[┌┐─]/g, ' ').trim();
}

describe('menuconfig on fake streams (80x24)', () => {
  it('draws the title, menu, legend and buttons within 80x24', async () => {
    const { term, configPath } = await start();
    const lines = term.lines();
    expect(lines).toHaveLength(24);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[0]).toBe(`${configPath} - Menuconfig Test Configuration`);
    expect(frameTitle(term)).toBe('Menuconfig Test Configuration');
    const text = term.text();
    expect(text).toContain('[*] Enable loadable module support (NEW)');
    expect(text).toContain('    General setup  --->');
    expect(text).toContain('[*] Networking support (NEW)  --->');
    expect(text).toContain('    Scheduler (Round robin)  --->');
    expect(text).toContain('*** Drivers follow ***');
    expect(text).toContain('Legend: [*] built in');
    expect(text).toContain('<Select>  < Exit >  < Help >  < Save >  < Load >');
    expect(term.highlighted()).toHaveLength(1);
    expect(term.highlighted()[0]).toContain('[*] Enable loadable module support (NEW)');
  });

  it('moves with the arrow keys and toggles with y, n and space', async () => {
    const { term, kconfig } = await start();
    await term.press(KEYS.down, KEYS.down, KEYS.down);
    expect(term.highlighted()[0]).toContain('[ ] Socket layer');
    await term.press('y');
    expect(sym(kconfig, 'NET_SOCKETS')).toBe('y');
    expect(term.highlighted()[0]).toContain('[*] Socket layer');
    await term.press('n');
    expect(sym(kconfig, 'NET_SOCKETS')).toBe('n');
    await term.press(KEYS.space);
    expect(sym(kconfig, 'NET_SOCKETS')).toBe('y');
    // 'm' is refused for a bool.
    await term.press('m');
    expect(sym(kconfig, 'NET_SOCKETS')).toBe('y');
    await term.press(KEYS.up);
    expect(term.highlighted()[0]).toContain('Networking support');
  });

  it('enters submenus with Enter, sets tristates y/m/n and goes back with Esc Esc', async () => {
    const { term, kconfig } = await start();
    await term.press(KEYS.down, KEYS.down, KEYS.enter);
    expect(frameTitle(term)).toBe('Networking support');
    expect(term.highlighted()[0]).toContain('<M> Virtual network switch (NEW)');
    await term.press('y');
    expect(sym(kconfig, 'NET_SWITCH')).toBe('y');
    expect(term.text()).toContain('<*> Virtual network switch');
    await term.press('n');
    expect(term.text()).toContain('< > Virtual network switch');
    await term.press(KEYS.space);
    expect(sym(kconfig, 'NET_SWITCH')).toBe('m');
    await term.press(KEYS.escEsc);
    expect(frameTitle(term)).toBe('Menuconfig Test Configuration');
    expect(term.highlighted()[0]).toContain('Networking support');
    // Switching the menuconfig symbol off empties its submenu.
    await term.press('n');
    expect(sym(kconfig, 'NET')).toBe('n');
    expect(term.text()).toContain('[ ] Networking support  ----');
    expect(sym(kconfig, 'NET_SWITCH')).toBe('n');
  });

  it('shows a choice as a radio list and selects with space and Enter', async () => {
    const { term, kconfig } = await start();
    await term.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    expect(frameTitle(term)).toBe('Scheduler');
    expect(term.text()).toContain('(X) Round robin');
    expect(term.text()).toContain('( ) Priority based');
    await term.press(KEYS.down, KEYS.space);
    expect(sym(kconfig, 'SCHED_PRIO')).toBe('y');
    expect(sym(kconfig, 'SCHED_RR')).toBe('n');
    expect(term.text()).toContain('(X) Priority based');
    await term.press(KEYS.down, KEYS.enter);
    expect(sym(kconfig, 'SCHED_EDF')).toBe('y');
    expect(frameTitle(term)).toBe('Menuconfig Test Configuration');
    expect(term.text()).toContain('Scheduler (Earliest deadline first)  --->');
  });

  it('refuses a bad int in an error dialog and keeps the value', async () => {
    const { term, kconfig } = await start();
    await term.press(KEYS.down, KEYS.enter);
    expect(frameTitle(term)).toBe('General setup');
    await term.press(KEYS.down);
    expect(term.highlighted()[0]).toContain('(4) Maximum number of CPUs');
    await term.press(KEYS.enter);
    expect(term.text()).toContain('Enter a decimal number between 1 and 32.');
    await term.press(KEYS.clearLine);
    await term.type('64');
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain('64 is out of range: NR_CPUS must be between 1 and 32.');
    await term.press(KEYS.enter);
    expect(term.text()).not.toContain('out of range');
    expect(sym(kconfig, 'NR_CPUS')).toBe('4');
    await term.press(KEYS.clearLine);
    await term.type('abc');
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain("'abc' is not a decimal number.");
    await term.press(KEYS.enter, KEYS.escEsc);
    expect(sym(kconfig, 'NR_CPUS')).toBe('4');
    expect(term.text()).toContain('(4) Maximum number of CPUs');
    // A good value goes through.
    await term.press(KEYS.enter, KEYS.clearLine);
    await term.type('8');
    await term.press(KEYS.enter);
    expect(sym(kconfig, 'NR_CPUS')).toBe('8');
    expect(term.text()).toContain('(8) Maximum number of CPUs');
  });

  it('checks hex syntax and stores strings', async () => {
    const { term, kconfig } = await start();
    await term.press(KEYS.down, KEYS.enter, KEYS.down, KEYS.down, KEYS.enter, KEYS.clearLine);
    await term.type('zz');
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain("'zz' is not a hexadecimal number");
    await term.press(KEYS.enter, KEYS.clearLine);
    await term.type('1000');
    await term.press(KEYS.enter);
    expect(sym(kconfig, 'LOAD_ADDR')).toBe('0x1000');
    await term.press(KEYS.home, KEYS.enter, KEYS.clearLine);
    await term.type('-rc1 x');
    await term.press(KEYS.enter);
    expect(sym(kconfig, 'LOCALVERSION')).toBe('-rc1 x');
    expect(term.text()).toContain('(-rc1 x) Local version');
  });

  it('searches by name or prompt and jumps into the right submenu', async () => {
    const { term } = await start();
    await term.press('/');
    expect(term.text()).toContain('Search Configuration Parameter');
    await term.type('TELNET');
    await term.press(KEYS.enter);
    expect(term.text()).toContain('NET_TELNET - Telnet server');
    expect(term.text()).toContain('Location: Menuconfig Test Configuration > Networking support');
    await term.press(KEYS.enter);
    expect(frameTitle(term)).toBe('Networking support');
    expect(term.highlighted()[0]).toContain('[ ] Telnet server');
    // By prompt text, as a case-insensitive regular expression.
    await term.press('/', KEYS.clearLine);
    await term.type('^pl0.*uart');
    await term.press(KEYS.enter);
    expect(term.text()).toContain('SERIAL_PL011 - PL011 UART');
    await term.press(KEYS.enter);
    expect(frameTitle(term)).toBe('Device drivers');
    expect(term.highlighted()[0]).toContain('<*> PL011 UART');
    // Esc Esc from a jump goes back up the real menu path.
    await term.press(KEYS.escEsc);
    expect(term.highlighted()[0]).toContain('Device drivers  --->');
  });

  it('jumps to a hidden entry by showing all entries', async () => {
    const { term } = await start();
    await term.press('/');
    await term.type('8250');
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain('Currently hidden: its dependencies are not met.');
    await term.press(KEYS.enter);
    expect(frameTitle(term)).toBe('Device drivers');
    expect(term.highlighted()[0]).toContain('8250/16550 UART');
  });

  it('refuses an invalid search expression', async () => {
    const { term } = await start();
    await term.press('/');
    await term.type('(unclosed');
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain("'(unclosed' is not a valid regular expression");
    await term.press(KEYS.enter, KEYS.escEsc);
    expect(frameTitle(term)).toBe('Menuconfig Test Configuration');
  });

  it('shows help with type, value, dependencies, selected-by and file:line', async () => {
    const { term } = await start();
    await term.press(KEYS.down, KEYS.down, KEYS.down, '?');
    const text = term.text();
    expect(text).toContain('The socket layer that network services use.');
    expect(text).toContain('Symbol: NET_SOCKETS [=n]');
    expect(text).toContain('Type  : bool');
    expect(text).toContain('Prompt: Socket layer');
    expect(text).toContain('Selected by:');
    expect(text).toContain('- NET_TELNET [=n]');
    expect(text).toContain(`Defined at openconf.cfg:${fixtureLine('basic/openconf.cfg', /^config NET_SOCKETS/)}`);
    await term.press(KEYS.enter);
    // A symbol that selects, with a dependency from its 'if' block.
    await term.press(KEYS.up, KEYS.enter, KEYS.down, '?');
    const t2 = term.text();
    expect(t2).toContain('Symbol: NET_TELNET');
    expect(t2).toContain('Depends on: NET [=y]');
    expect(t2).toContain('- NET_SOCKETS [=n]');
    expect(t2).toContain(`Defined at openconf.cfg:${fixtureLine('basic/openconf.cfg', /^config NET_TELNET/)}`);
    expect(t2).toContain('-> Networking support');
  });

  it('saves with S, to the .config and to another file', async () => {
    const { term, kconfig, configPath, dir } = await start();
    await term.press(KEYS.down, KEYS.down, KEYS.down, 'y', 'S');
    expect(term.text()).toContain('Save Configuration');
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain(`Configuration written to ${configPath}.`);
    await term.press(KEYS.enter);
    expect(readFileSync(configPath, 'utf8')).toContain('CONFIG_NET_SOCKETS=y');
    expect(readFileSync(configPath, 'utf8')).toBe(kconfig.configText());
    const other = join(dir, 'other.config');
    await term.press('n', 'S', KEYS.clearLine);
    await term.type(other);
    await term.press(KEYS.enter, KEYS.enter);
    expect(readFileSync(other, 'utf8')).toContain('# CONFIG_NET_SOCKETS is not set');
    // The .config itself still has the old value, so leaving asks.
    await term.press(KEYS.escEsc);
    expect(term.text()).toContain('Do you wish to save your new configuration?');
  });

  it('reports a save that fails and keeps running', async () => {
    const { term, dir } = await start();
    // The name of a directory cannot be written as a file.
    await term.press('S', KEYS.clearLine);
    await term.type(dir);
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain(`Could not write ${dir}`);
    await term.press(KEYS.enter);
    expect(frameTitle(term)).toBe('Menuconfig Test Configuration');
  });

  it('asks before leaving with unsaved changes and saves on Yes', async () => {
    const { term, kconfig, configPath } = await start({ config: '' });
    writeFileSync(configPath, kconfig.configText());
    session!.screen.destroy();
    const again = await start({ kconfig, config: kconfig.configText() });
    await again.term.press(KEYS.down, KEYS.down, KEYS.down, 'y', KEYS.escEsc);
    expect(again.term.text()).toContain('Do you wish to save your new configuration?');
    // Esc Esc returns to the menu.
    await again.term.press(KEYS.escEsc);
    expect(again.term.text()).not.toContain('Do you wish');
    await again.term.press('Q');
    expect(again.term.text()).toContain('Do you wish to save your new configuration?');
    await again.term.press(KEYS.enter);
    await expect(session!.done).resolves.toEqual({ saved: true });
    expect(readFileSync(again.configPath, 'utf8')).toContain('CONFIG_NET_SOCKETS=y');
    expect(term).toBeDefined();
  });

  it('drops changes on No and leaves at once when nothing changed', async () => {
    const first = await start({ config: '' });
    writeFileSync(first.configPath, first.kconfig.configText());
    session!.screen.destroy();
    const { term, configPath } = await start({ kconfig: first.kconfig, config: first.kconfig.configText() });
    const before = readFileSync(configPath, 'utf8');
    await term.press(KEYS.down, KEYS.down, KEYS.down, 'y', KEYS.escEsc);
    await term.press(KEYS.right, KEYS.enter);
    await expect(session!.done).resolves.toEqual({ saved: false });
    expect(readFileSync(configPath, 'utf8')).toBe(before);

    const clean = await start({ config: '' });
    writeFileSync(clean.configPath, clean.kconfig.configText());
    session!.screen.destroy();
    const unchanged = await start({ kconfig: clean.kconfig, config: clean.kconfig.configText() });
    await unchanged.term.press(KEYS.escEsc);
    await expect(session!.done).resolves.toEqual({ saved: false });
  });

  it('loads an alternate file and reports a missing one', async () => {
    const { term, kconfig, dir } = await start();
    const alt = join(dir, 'alt.config');
    writeFileSync(alt, 'CONFIG_DEBUG=y\nCONFIG_NR_CPUS=16\nCONFIG_BOGUS=y\n');
    await term.press('L', KEYS.clearLine);
    await term.type(alt);
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain(`Configuration loaded from ${alt}`);
    expect(term.text()).toContain('BOGUS');
    await term.press(KEYS.enter);
    expect(sym(kconfig, 'DEBUG')).toBe('y');
    expect(sym(kconfig, 'NR_CPUS')).toBe('16');
    await term.press('L', KEYS.clearLine);
    await term.type(join(dir, 'missing.config'));
    await term.press(KEYS.enter);
    expect(term.flatText()).toContain('missing.config: no such file. Nothing was loaded.');
    expect(existsSync(join(dir, 'missing.config'))).toBe(false);
  });

  it('uses the buttons with left/right and Enter', async () => {
    const { term } = await start();
    await term.press(KEYS.right, KEYS.right);
    await term.press(KEYS.enter);
    expect(term.text()).toContain('Symbol: MODULES');
    await term.press(KEYS.enter, KEYS.left, KEYS.down, KEYS.enter);
    // Exit at the top level: the .config does not exist yet, so it asks.
    expect(term.text()).toContain('Do you wish to save your new configuration?');
  });

  it('follows resizes and shows a notice when too small', async () => {
    const { term } = await start();
    await term.resize(100, 30);
    let lines = term.lines();
    expect(lines).toHaveLength(30);
    expect(lines[2]!.length).toBeGreaterThan(90);
    expect(term.text()).toContain('[*] Networking support (NEW)  --->');
    await term.resize(40, 10);
    expect(term.flatText()).toContain('menuconfig needs at least 54x12');
    await term.resize(80, 24);
    lines = term.lines();
    expect(lines).toHaveLength(24);
    expect(frameTitle(term)).toBe('Menuconfig Test Configuration');
    expect(term.highlighted()[0]).toContain('Enable loadable module support');
  });

  it('scrolls a long menu and shows the scroll marks', async () => {
    const { term } = await start();
    await term.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down);
    expect(term.highlighted()[0]).toContain('Device drivers');
    await term.resize(80, 14);
    expect(term.text()).toMatch(/\^\(-\)/);
    await term.press(KEYS.home);
    expect(term.text()).toMatch(/v\(\+\)/);
    expect(term.highlighted()[0]).toContain('Enable loadable module support');
  });
  it('jumps to entries by their highlighted first letter', async () => {
    const { term } = await start();
    await term.press('d');
    expect(term.highlighted()[0]).toContain('Device drivers');
    await term.press('g');
    expect(term.highlighted()[0]).toContain('General setup');
    // Letters cycle through entries that share them.
    await term.press('s', 's');
    expect(term.highlighted()[0]).toContain('Scheduler');
    await term.press('s');
    expect(term.highlighted()[0]).toContain('Socket layer');
  });

  it('shows hidden entries with z and quits from a submenu with Q', async () => {
    const { term, kconfig } = await start();
    await term.press('d', KEYS.enter);
    expect(term.text()).not.toContain('8250/16550 UART');
    await term.press('z');
    expect(term.text()).toContain('- - 8250/16550 UART');
    // A hidden entry cannot be changed.
    await term.press(KEYS.down, 'y');
    expect(sym(kconfig, 'SERIAL_8250')).toBe('n');
    await term.press('z');
    expect(term.text()).not.toContain('8250/16550 UART');
    await term.press('Q');
    expect(term.text()).toContain('Do you wish to save your new configuration?');
    await term.press(KEYS.right, KEYS.enter);
    await expect(session!.done).resolves.toEqual({ saved: false });
  });
  it('leaves without saving when its input ends', async () => {
    const { term, configPath } = await start();
    await term.press('y');
    term.input.end();
    await expect(session!.done).resolves.toEqual({ saved: false });
    expect(existsSync(configPath)).toBe(false);
  });
  it('sets choice modes: tristate choices in m and y mode, optional choices', async () => {
    const kinds = loadFixture('kinds');
    const { term } = await start({ kconfig: kinds });
    const tri = kinds.choices.find((c) => c.name === 'TRICHOICE')!;
    await term.press('t');
    expect(term.highlighted()[0]).toContain('{M} Tristate choice  --->');
    // In m mode the members are independent tristates limited to m.
    await term.press(KEYS.enter);
    expect(term.text()).toContain('< > TC A');
    await term.press('m', KEYS.down, 'm', 'y');
    expect([sym(kinds, 'TC_A'), sym(kinds, 'TC_B')]).toEqual(['m', 'm']);
    await term.press(KEYS.escEsc, 'y');
    expect(tri.triValue).toBe(2);
    expect(term.highlighted()[0]).toContain('{*} Tristate choice (TC A)  --->');
    await term.press('o');
    expect(term.highlighted()[0]).toContain('[ ] Optional choice  ----');
    await term.press(KEYS.space);
    expect(term.highlighted()[0]).toContain('[*] Optional choice (OC A)  --->');
    await term.press(KEYS.enter, KEYS.down, KEYS.enter);
    expect(sym(kinds, 'OC_B')).toBe('y');
    expect(term.highlighted()[0]).toContain('[*] Optional choice (OC B)  --->');
    await term.press('n');
    expect([sym(kinds, 'OC_A'), sym(kinds, 'OC_B')]).toEqual(['n', 'n']);
  });
  it('gives the terminal back and rejects when something unexpected fails', async () => {
    const kconfig = loadFixture();
    // With a .config on disk, leaving compares the configuration with it.
    const { term } = await start({ kconfig, config: '' });
    Object.defineProperty(kconfig, 'configText', { value: () => { throw new Error('disk on fire'); } });
    const outcome = session!.done.then(
      () => 'resolved',
      (err: unknown) => (err as Error).message,
    );
    await term.press('Q');
    expect(await outcome).toBe('disk on fire');
    expect(session!.screen.isDestroyed).toBe(true);
  });
});
