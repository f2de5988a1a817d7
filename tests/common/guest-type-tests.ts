// What every guest type's system test does with its basic firmware on
// Xvisor-TS (issue 8 items 6 and 7): boot one guest to the shell, run
// several guests of the type at once and drive each one's SMP, timer, WFI
// and interrupt commands, and replay the QEMU transcript command by command.
// Each tests/<cpu>/<board>/<board>.test.ts names its GuestType and calls
// describeGuestType. Everything waits in virtual time (GuestConsole.waitFor / runUntil); the
// budgets are generous multiples of what a run needs, so a hang fails with
// the transcript so far instead of running forever.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Guest } from '../../core/manager/guest.ts';
import type { Session } from '../../core/mterm/session.ts';
import { REPO_ROOT } from '../build-guests.ts';
import { normaliseTranscript, qemuBoard, splitByCommand, transcriptCommands, transcriptPath } from './qemu-transcript.ts';
import { GuestConsole, firmware, guestDts, newSession, runShell } from './xvisor-guests.ts';

export const MS = 1_000_000;
export const SECOND = 1_000 * MS;

/**
 * Virtual-time budget for the boot to the prompt and for each command. A
 * whole QEMU transcript takes under 50 ms of virtual time on every guest
 * type, so no command needs more; two guests sharing the two host CPUs take
 * about 30 ms for smp_test (a woken secondary waits for the next time
 * slice). A guest that hangs in a busy loop costs a host CPU for the whole
 * budget: 250 ms keeps a failure to seconds of wall time.
 */
export const COMMAND_BUDGET_NS = 250 * MS;

export interface GuestType {
  readonly cpu: 'arm32' | 'arm64';
  readonly board: string;
  /** Guest DTS variant suffix: tests/<cpu>/<board>/<board><variant>-guest.dts. */
  readonly variant?: string;
  /** QEMU transcript name (QEMU_BOARDS in qemu-transcript.ts). */
  readonly transcript: string;
  /** First line the firmware prints. */
  readonly banner: string;
  /** vcpus in the guest DTS. */
  readonly cpus: number;
  /** `halt` powers the machine off (PSCI SYSTEM_OFF, V2M-P1 shutdown); otherwise it parks in WFI. */
  readonly haltPowersOff: boolean;
}

export function startBasic(s: Session, t: GuestType, index: number): { guest: Guest; con: GuestConsole } {
  const { guest } = s.startGuest({ dts: guestDts(t.cpu, t.board, t.variant ?? ''), bios: firmware(t.cpu, t.board), images: [] }, index);
  return { guest, con: new GuestConsole(s, `${guest.name}/uart0`) };
}

/** Boots one guest and says hi and hello; returns the transcript. */
export async function bootAlone(t: GuestType): Promise<string> {
  const s = await newSession();
  const { con } = startBasic(s, t, 0);
  return runShell(con, ['hi', 'hello'], COMMAND_BUDGET_NS);
}

/**
 * The raw transcript (figures not masked) of commands whose figures come
 * from the clock and the CPU, in a fresh session: two calls must give the
 * same bytes, since a run depends only on its images, configuration and
 * input (ARCHITECTURE.md, "Determinism").
 */
export async function timedTranscript(t: GuestType): Promise<string> {
  const s = await newSession();
  const { con } = startBasic(s, t, 0);
  return runShell(con, ['timer', 'wfi_test 20', ...(t.cpus > 1 ? ['smp_test'] : []), 'dhrystone 2000'], COMMAND_BUDGET_NS);
}

/** Per-guest results of runSeveral: each command's output, CRs removed. */
export interface SeveralResult {
  readonly outputs: Record<string, string>[];
  /** Each console's whole text, to check that nothing crossed between guests. */
  readonly texts: string[];
}

/** The commands runSeveral types into every guest; `%i` is the guest's index. */
export function severalCommands(t: GuestType): string[] {
  return ['linux_cmdline guest%i', 'version', ...(t.cpus > 1 ? ['smp_test'] : []), 'timer', 'wfi_test 20', 'irq_test'];
}

/**
 * Starts `count` guests of the type at once and, once all are at the
 * prompt, types each command into every console before waiting for any of
 * them, so that the guests run the command at the same time.
 */
export async function runSeveral(t: GuestType, count: number): Promise<SeveralResult> {
  const s = await newSession();
  const cons = Array.from({ length: count }, (_, i) => startBasic(s, t, i).con);
  for (const c of cons) if (!c.waitFor('basic# ', COMMAND_BUDGET_NS)) throw new Error(`${c.name}: no prompt; output was:\n${c.text}`);
  for (const c of cons) c.take();
  const outputs: Record<string, string>[] = cons.map(() => ({}));
  for (const cmd of severalCommands(t)) {
    cons.forEach((c, i) => c.type(`${cmd.replace('%i', String(i))}\r`));
    cons.forEach((c, i) => {
      const ok = c.waitFor('basic# ', COMMAND_BUDGET_NS * count);
      const out = c.take().replace(/\r/g, '');
      if (!ok) throw new Error(`${c.name}: "${cmd}" did not return to the prompt with ${count} guests running; output:\n${out}`);
      outputs[i][cmd] = out;
    });
  }
  return { outputs, texts: cons.map((c) => c.text) };
}

/**
 * What every guest of runSeveral must have printed: its own command line
 * and nobody else's, its CPU count, every CPU in smp_test with the exact
 * count under the lock, one timer interrupt in a 10 ms delay that took at
 * least 10 ms of its counter, a WFI of at least 20 ms, and interrupt
 * masking that holds.
 */
export function expectSeveral(t: GuestType, r: SeveralResult): void {
  r.outputs.forEach((o, i) => {
    const who = `guest${i}`;
    expect(o['linux_cmdline guest%i'], who).toContain(`linux_cmdline = "guest${i}"`);
    r.texts.forEach((text, j) => {
      if (j !== i) expect(text, `guest${j}'s console`).not.toContain(`"guest${i}"`);
    });
    expect(o.version, who).toContain(t.banner);
    expect(o.version, who).toContain(`CPUs: ${t.cpus}\n`);
    if (t.cpus > 1) {
      for (let c = 0; c < t.cpus; c++) expect(o.smp_test, who).toContain(`smp_test: CPU${c} online\n`);
      const n = t.cpus * 10000;
      expect(o.smp_test, who).toContain(`smp_test: ${t.cpus} CPUs counted ${n} under the lock (expected ${n})\nsmp_test: passed\n`);
    }
    expect(o.timer, who).toContain('Delay of 10 ms: 1 timer IRQ\n');
    const delay = figure(o.timer, /Delay measured: (\d+) us/);
    expect(delay, `${who}: delay measured`).toBeGreaterThanOrEqual(10_000);
    expect(delay, `${who}: delay measured`).toBeLessThan(1_000_000);
    expect(o['wfi_test 20'], who).toContain('Executing WFI instruction\nResumed from WFI instruction\n');
    expect(figure(o['wfi_test 20'], /Time spent in WFI: (\d+) us/), `${who}: time in WFI`).toBeGreaterThanOrEqual(20_000);
    expect(o.irq_test, who).toContain('irq_test: passed\n');
  });
}

/** A figure from a line such as "Time spent in WFI: 20191 us". */
export function figure(text: string, re: RegExp): number {
  const m = re.exec(text);
  if (!m) throw new Error(`no ${re} in:\n${text}`);
  return Number(m[1]);
}

export interface CommandPair {
  readonly command: string;
  readonly output: string;
}

export interface CrossCheck {
  readonly qemu: readonly CommandPair[];
  readonly ours: readonly CommandPair[];
  readonly poweredOff: boolean;
  /** Instructions the guest retired in the 200 ms after printing "System halted" (-1: it never did). */
  readonly instructionsAfterHalt: number;
  /** Why the replay stopped early, if it did. */
  readonly error?: string;
}

/**
 * Replays the QEMU transcript's commands on one guest and splits both
 * transcripts by command, figures masked. A command that does not return
 * to the prompt ends the replay: its output is what came, and the
 * commands after it are missing from `ours`.
 */
export async function crossCheck(t: GuestType): Promise<CrossCheck> {
  const b = qemuBoard(t.transcript);
  const qemu = splitByCommand(normaliseTranscript(readFileSync(join(REPO_ROOT, transcriptPath(b)), 'utf8')));
  const s = await newSession();
  const { guest, con } = startBasic(s, t, 0);
  const commands = transcriptCommands(b.board);
  let transcript = '';
  let poweredOff = false;
  let instructionsAfterHalt = -1;
  let error: string | undefined;
  try {
    transcript = runShell(con, commands.filter((c) => c !== 'halt'), COMMAND_BUDGET_NS);
    con.type('halt\r');
    if (con.waitFor('System halted', COMMAND_BUDGET_NS)) {
      // Let a power-off take effect, then count what the guest still executes.
      s.hv.runFor(10 * MS);
      const before = guest.stats().instructions;
      s.hv.runFor(200 * MS);
      instructionsAfterHalt = guest.stats().instructions - before;
      poweredOff = guest.poweredOff;
    }
    transcript += con.take();
  } catch (e) {
    error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    transcript = con.text;
  }
  return { qemu, ours: splitByCommand(normaliseTranscript(transcript)), poweredOff, instructionsAfterHalt, error };
}

/** Memoised crossCheck, so that one replay serves one test per command. */
export function lazyCrossCheck(t: GuestType): () => Promise<CrossCheck> {
  let p: Promise<CrossCheck> | undefined;
  return () => (p ??= crossCheck(t));
}

/** Step i of the replay (0 is the boot output) matches QEMU's. */
export function expectStep(c: CrossCheck, i: number): void {
  expect(c.qemu[i], 'the QEMU transcript has this step').toBeDefined();
  if (c.ours[i] === undefined) throw new Error(`the replay stopped before step ${i} ("${c.qemu[i].command}"): ${c.error ?? 'no output'}`);
  expect(c.ours[i]).toEqual(c.qemu[i]);
}

/** The commands of the type's QEMU transcript, with the boot output first, as splitByCommand names them. */
export function transcriptSteps(t: GuestType): string[] {
  return ['<boot>', ...transcriptCommands(qemuBoard(t.transcript).board)];
}

/** The whole system test of a guest type: `label` names it in the report (e.g. "virt-v8 (GICv3)"). */
export function describeGuestType(t: GuestType, label: string = t.board): void {
  describe(`${label} on Xvisor-TS`, () => {
    it('boots to the prompt and answers hi/hello, alone', async () => {
      const text = await bootAlone(t);
      expect(text).toContain(t.banner);
      expect(text).toContain('basic# hi\r\nhello\r\n');
      expect(text).toContain('basic# hello\r\nhi\r\n');
    });

    it('prints the same bytes in a second run, timer and Dhrystone figures included', async () => {
      const first = await timedTranscript(t);
      expect(first).toContain('Dhrystones per second: ');
      expect(await timedTranscript(t)).toBe(first);
    });

    it(`runs two guests at once, each with its own console, ${t.cpus > 1 ? 'SMP, ' : ''}timer, WFI and interrupts`, async () => {
      expectSeveral(t, await runSeveral(t, 2));
    });
  });

  describe(`${label}: the QEMU transcript, command by command`, () => {
    const check = lazyCrossCheck(t);
    transcriptSteps(t).forEach((cmd, i) => {
      it(`${i} ${cmd}`, async () => expectStep(await check(), i));
    });

    it('prints nothing after the last command', async () => {
      const c = await check();
      expect(c.ours.length).toBe(c.qemu.length);
    });

    if (t.haltPowersOff) {
      it('halt powers the guest off', async () => {
        const c = await check();
        expect(c.poweredOff).toBe(true);
        expect(c.instructionsAfterHalt).toBe(0);
      });
    } else {
      it('halt parks the guest in WFI with interrupts masked', async () => {
        const c = await check();
        expect(c.poweredOff).toBe(false);
        expect(c.instructionsAfterHalt).toBeGreaterThanOrEqual(0);
        // A busy loop would retire about 2e8 in 200 ms; WFI with the 100 ms timeout a handful.
        expect(c.instructionsAfterHalt).toBeLessThan(1000);
      });
    }
  });
}
