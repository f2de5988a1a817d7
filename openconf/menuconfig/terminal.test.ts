// menuconfig in a real terminal: tmux runs testing/run-menuconfig.ts in a
// detached 80x24 session on a private socket; keys go in with send-keys and
// the screen comes back with capture-pane. Every step polls the screen for
// the text it expects, a bounded number of times. Skipped without tmux.

import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TESTDATA, fixtureLine, tempDir } from './testing/fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

class TmuxTerminal {
  constructor(private readonly socket: string, private readonly target: string) {}

  run(args: string[]): string {
    // A UTF-8 locale for tmux and the program, so that frames are drawn with
    // box characters whatever locale the test runner has.
    const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
    const r = spawnSync('tmux', ['-u', '-S', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  keys(...keys: string[]): void {
    this.run(['send-keys', '-t', this.target, ...keys]);
  }

  literal(text: string): void {
    this.run(['send-keys', '-t', this.target, '-l', text]);
  }

  screen(): string {
    return this.run(['capture-pane', '-p', '-t', this.target]);
  }

  /** Polls the screen until `want` shows up; fails with the last screen after `tries` looks. */
  async waitFor(want: string | RegExp, tries = 150): Promise<string> {
    let last = '';
    for (let i = 0; i < tries; i++) {
      last = this.screen();
      if (typeof want === 'string' ? last.includes(want) : want.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`screen never showed ${String(want)}; last screen:\n${last}`);
  }
}

describe.skipIf(!hasTmux)('menuconfig in tmux (80x24)', () => {
  it('navigates, toggles, searches, shows help, saves and exits', async () => {
    const dir = tempDir();
    const config = join(dir, '.config');
    const socket = join(dir, 'tmux.sock');
    const root = join(TESTDATA, 'basic', 'openconf.cfg');
    // The shell keeps the pane open after menuconfig exits, so its last words stay readable.
    const command = `cd '${ROOT}' && npx tsx openconf/menuconfig/testing/run-menuconfig.ts '${root}' '${config}'; echo "EXIT=$?"; exec cat`;
    const t = new TmuxTerminal(socket, 'mc');
    t.run(['new-session', '-d', '-s', 'mc', '-x', '80', '-y', '24', command]);
    try {
      // The first screen waits for tsx to start, which takes a while on a loaded machine.
      const first = await t.waitFor('Networking support', 600);
      expect(first.split('\n')[0]).toContain('Menuconfig Test Configuration');
      t.keys('Down', 'Down', 'Down');
      t.keys('y');
      await t.waitFor('[*] Socket layer');
      // Into the menuconfig symbol's submenu and back.
      t.keys('Up', 'Enter');
      await t.waitFor('Virtual network switch');
      t.keys('y');
      await t.waitFor('<*> Virtual network switch');
      t.keys('Escape', 'Escape');
      await t.waitFor('Scheduler (Round robin)');
      // Search and jump.
      t.keys('/');
      await t.waitFor('Search Configuration Parameter');
      t.literal('PL011');
      t.keys('Enter');
      await t.waitFor('SERIAL_PL011 - PL011 UART');
      t.keys('Enter');
      await t.waitFor(/Device drivers[\s\S]*<\*> PL011 UART/);
      t.keys('n');
      await t.waitFor('< > PL011 UART');
      // Help names the definition's file and line.
      t.keys('?');
      await t.waitFor('Symbol: SERIAL_PL011');
      await t.waitFor(`Defined at drivers/openconf.cfg:${fixtureLine('basic/drivers/openconf.cfg', /^config SERIAL_PL011/)}`);
      t.keys('Enter');
      await t.waitFor('<Select>');
      // A resized window is redrawn at its new size, and back.
      t.run(['resize-window', '-t', 'mc', '-x', '100', '-y', '30']);
      await t.waitFor(/^ \u250c\u2500{36,} Device drivers \u2500{36,}\u2510$/m);
      t.run(['resize-window', '-t', 'mc', '-x', '80', '-y', '24']);
      await t.waitFor(/^ \u250c\u2500{26,32} Device drivers \u2500{26,32}\u2510$/m);
      // Leave: back to the top, then the exit question.
      t.keys('Escape', 'Escape');
      await t.waitFor('Scheduler (Round robin)');
      t.keys('Escape', 'Escape');
      await t.waitFor('Do you wish to save your new configuration?');
      t.keys('Enter');
      const end = await t.waitFor('EXIT=');
      expect(end).toContain('menuconfig: saved');
      expect(end).toContain('EXIT=0');
      const written = readFileSync(config, 'utf8');
      expect(written).toContain('CONFIG_NET_SOCKETS=y');
      expect(written).toContain('CONFIG_NET_SWITCH=y');
      expect(written).toContain('# CONFIG_SERIAL_PL011 is not set');
      expect(written).toContain('# CONFIG_NET_TELNET is not set');
    } finally {
      spawnSync('tmux', ['-S', socket, 'kill-server']);
    }
  });
});

describe('run-menuconfig.ts on bad input', () => {
  it('exits 1 with file:line for a Kconfig syntax error, before touching the terminal', () => {
    const dir = tempDir();
    const r = spawnSync('npx', ['tsx', 'openconf/menuconfig/testing/run-menuconfig.ts', join(TESTDATA, 'broken', 'openconf.cfg'), join(dir, '.config')], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/openconf\.cfg:5: /);
    expect(r.stdout).not.toContain('\x1b[?1049h');
  });
});
