// The terminal UI in a real terminal: tmux runs `npm start` at 80x24, keys
// go in with send-keys, and the screen comes back with capture-pane. Polls
// the screen a bounded number of times; nothing waits on a fixed sleep.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SOCKET = `xvisor-test-${process.pid}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', 'xv');
}

async function waitScreen(pred: (s: string) => boolean, what: string, tries = 240): Promise<string> {
  let s = '';
  for (let i = 0; i < tries; i++) {
    s = screen();
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`screen never showed ${what}; last screen:\n${s}`);
}

describe.skipIf(!hasTmux)('npm start in tmux', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  });

  it('shows both guests, guest0 console, command results, and quits on Ctrl-C', { timeout: 300_000 }, async () => {
    tmux('-u', 'new-session', '-d', '-s', 'xv', '-x', '80', '-y', '24', `cd ${ROOT} && LANG=C.UTF-8 npm start; echo EXITED $?; sleep 60`);
    let s = await waitScreen((x) => x.includes('Virt-v8 Basic Firmware') && x.includes('basic#'), 'the firmware banner');
    expect(s).toMatch(/guest0\s+RUNNING/);
    expect(s).toMatch(/guest1\s+RUNNING/);
    expect(s).toContain('console guest0/uart0');
    tmux('send-keys', '-t', 'xv', 'h', 'i', 'Enter');
    s = await waitScreen((x) => /basic# hi\s*\n\s*hello/.test(x), 'the guest answering hi');
    tmux('send-keys', '-t', 'xv', 'Escape', 'x', 'q');
    await waitScreen((x) => x.includes(' output'), 'the command output pane');
    tmux('send-keys', '-t', 'xv', '-l', 'guest list');
    tmux('send-keys', '-t', 'xv', 'Enter');
    s = await waitScreen((x) => /guest1\s+little\s+\/guests\/guest1/.test(x), 'guest list');
    expect(s).toMatch(/guest0\s+little\s+\/guests\/guest0/);
    tmux('send-keys', '-t', 'xv', 'C-c');
    s = await waitScreen((x) => x.includes('EXITED 0'), 'a clean exit');
  });
});
