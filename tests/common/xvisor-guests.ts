// Boots guest types on Xvisor-TS inside a test process and drives their
// consoles: the registry comes from every objects.list (what a build with
// every symbol `y` contains), the session is the one `npx xvisor` uses, and
// waiting happens in virtual time only (runUntil), never on the wall clock.

import { join } from 'node:path';
import type { CpuModel } from '../../arch/arm/cpu/common/cpu-backend.ts';
import type { Command } from '../../core/cmd/command.ts';
import type { CmdContext } from '../../core/cmd/context.ts';
import type { Emulator } from '../../core/devemu/emulator.ts';
import type { LogLine } from '../../core/hypervisor.ts';
import { Session, type Registry } from '../../core/mterm/session.ts';
import { collectObjects } from '../../openconf/build/objects.ts';
import { REPO_ROOT } from '../build-guests.ts';

let registry: Promise<Registry> | undefined;

/** Everything the tree can build, imported through the objects.list files. */
export function fullRegistry(): Promise<Registry> {
  registry ??= (async () => {
    const emulators: Emulator[] = [];
    const commands: Command<CmdContext>[] = [];
    const cpuModels: CpuModel[] = [];
    const seen = new Set<unknown>();
    for (const e of collectObjects(REPO_ROOT)) {
      const mod = (await import(e.file)) as Record<string, unknown>;
      const v = mod[e.exportName];
      for (const item of Array.isArray(v) ? v : [v]) {
        if (seen.has(item)) continue;
        seen.add(item);
        if (e.kind === 'emulator') emulators.push(item as Emulator);
        else if (e.kind === 'command') commands.push(item as Command<CmdContext>);
        else if (e.kind === 'cpu') cpuModels.push(item as CpuModel);
      }
    }
    return { emulators, commands, cpuModels, drivers: [], loadableModules: [], emulatorSymbols: {} };
  })();
  return registry;
}

/** The defaults of generic-v8-defconfig that a session reads. */
export const DEFAULT_CONFIG = {
  BOARD_NAME: 'generic-v8',
  CPU_COUNT: 2,
  TSLICE_MS: 10,
  SEED: 1,
  CPU_NS_PER_INSN: 1,
  WFI_TIMEOUT_MSECS: 100,
  MAX_GUEST_COUNT: 16,
  MAX_VCPU_COUNT: 64,
  CPU_COUNTER_HZ: 62_500_000,
} as const;

export async function newSession(opts: { seed?: number; log?: (l: LogLine) => void } = {}): Promise<Session> {
  return new Session({
    config: DEFAULT_CONFIG,
    registry: await fullRegistry(),
    srcTree: REPO_ROOT,
    version: '0.3.2',
    buildDate: 'Jan 01 2026 00:00:00',
    seed: opts.seed,
    log: opts.log,
  });
}

/** A guest console seen as a person at a terminal would: text so far, typing, waiting. */
export class GuestConsole {
  private out = '';
  private cursor = 0;

  constructor(
    private readonly session: Session,
    readonly name: string,
  ) {
    const port = session.hv.vserials.get(name);
    if (!port) throw new Error(`no vserial ${name}`);
    port.output$.subscribe((b) => (this.out += String.fromCharCode(b)));
  }

  get text(): string {
    return this.out;
  }

  /** Output since the last take. */
  take(): string {
    const s = this.out.slice(this.cursor);
    this.cursor = this.out.length;
    return s;
  }

  type(text: string): void {
    this.session.hv.vserials.get(this.name)!.input(text);
  }

  /** Runs the simulation until the output after the cursor contains `what`; false on timeout. */
  waitFor(what: string, maxNs: number): boolean {
    const hv = this.session.hv;
    const has = (): boolean => this.out.indexOf(what, this.cursor) >= 0;
    if (has()) return true;
    return hv.runUntil(has, maxNs);
  }
}

export function guestDts(cpu: string, board: string, variant = ''): string {
  return join(REPO_ROOT, 'tests', cpu, board, `${board}${variant}-guest.dts`);
}

export function firmware(cpu: string, board: string): string {
  return join(REPO_ROOT, 'tests', cpu, board, 'basic', 'firmware.bin');
}

/**
 * Drives the basic firmware's shell through `commands` and returns the
 * transcript in the form QEMU transcripts are recorded: the boot output,
 * then per command the prompt, the command echoed, and its output.
 * Commands that do not come back (halt, reset, go) are the caller's.
 */
export function runShell(con: GuestConsole, commands: readonly string[], maxNsPerCommand: number): string {
  const PROMPT = 'basic# ';
  if (!con.waitFor(PROMPT, maxNsPerCommand)) throw new Error(`${con.name}: no prompt after boot; output was:\n${con.text}`);
  let transcript = con.take();
  for (const cmd of commands) {
    con.type(`${cmd}\r`);
    const ok = con.waitFor(PROMPT, maxNsPerCommand);
    transcript += con.take();
    if (!ok) throw new Error(`${con.name}: "${cmd}" did not return to the prompt; transcript so far:\n${transcript}`);
  }
  return transcript;
}
