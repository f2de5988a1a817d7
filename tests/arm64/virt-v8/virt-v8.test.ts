// The virt-v8 guest type on Xvisor-TS: boots the basic firmware alone and
// as two guests at once, drives its shell, and compares the transcript
// command by command with the one recorded on QEMU's virt board.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../build-guests.ts';
import { normaliseTranscript, splitByCommand, transcriptCommands } from '../../common/qemu-transcript.ts';
import { GuestConsole, firmware, guestDts, newSession, runShell } from '../../common/xvisor-guests.ts';

const SECOND = 1_000_000_000;

describe('virt-v8 on Xvisor-TS', () => {
  it('boots to the prompt and answers hi/hello, alone', async () => {
    const s = await newSession();
    s.startGuest({ dts: guestDts('arm64', 'virt-v8'), bios: firmware('arm64', 'virt-v8'), images: [] }, 0);
    const con = new GuestConsole(s, 'guest0/uart0');
    const t = runShell(con, ['hi', 'hello'], 2 * SECOND);
    expect(t).toContain('Virt-v8 Basic Firmware');
    expect(t).toContain('basic# hi\r\nhello');
    expect(t).toContain('basic# hello\r\nhi');
  });

  it('runs two guests side by side, each with its own console and SMP', async () => {
    const s = await newSession();
    for (const i of [0, 1]) s.startGuest({ dts: guestDts('arm64', 'virt-v8'), bios: firmware('arm64', 'virt-v8'), images: [] }, i);
    const a = new GuestConsole(s, 'guest0/uart0');
    const b = new GuestConsole(s, 'guest1/uart0');
    expect(a.waitFor('basic# ', 2 * SECOND)).toBe(true);
    expect(b.waitFor('basic# ', 2 * SECOND)).toBe(true);
    a.take();
    b.take();
    a.type('smp_test\r');
    b.type('version\r');
    expect(a.waitFor('smp_test: passed', 5 * SECOND)).toBe(true);
    expect(b.waitFor('CPUs: 2', 5 * SECOND)).toBe(true);
    expect(a.text).not.toContain('CPUs: 2');
  });

  it('prints the QEMU transcript command by command (figures masked)', async () => {
    const qemu = splitByCommand(normaliseTranscript(readFileSync(join(REPO_ROOT, 'tests/arm64/virt-v8/testdata/qemu-transcript.txt'), 'utf8')));
    const s = await newSession();
    const { guest } = s.startGuest({ dts: guestDts('arm64', 'virt-v8'), bios: firmware('arm64', 'virt-v8'), images: [] }, 0);
    const con = new GuestConsole(s, 'guest0/uart0');
    const commands = transcriptCommands('virt-v8');
    let transcript = runShell(con, commands.filter((c) => c !== 'halt'), 10 * SECOND);
    con.type('halt\r');
    expect(s.hv.runUntil(() => guest.poweredOff, 2 * SECOND)).toBe(true);
    transcript += con.take();
    const ours = splitByCommand(normaliseTranscript(transcript));
    expect(ours.map((c) => c.command)).toEqual(qemu.map((c) => c.command));
    for (let i = 0; i < ours.length; i++) expect(ours[i]).toEqual(qemu[i]);
  });
});
