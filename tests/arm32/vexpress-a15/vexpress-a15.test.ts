// The vexpress-a15 guest type on Xvisor-TS (vexpress-a15-guest.dts with basic/firmware.bin):
// boots the basic firmware alone and as two guests at once, drives each
// shell over its vserial, and replays the transcript recorded on QEMU's vexpress-a15
// command by command (figures masked by normaliseTranscript).
import { describe, expect, it } from 'vitest';
import { bootAlone, expectSeveral, timedTranscript, expectStep, lazyCrossCheck, runSeveral, transcriptSteps, type GuestType } from '../../common/guest-type-tests.ts';

const VEXPRESS_A15: GuestType = {
  cpu: 'arm32', board: 'vexpress-a15', transcript: 'vexpress-a15',
  banner: 'Vexpress-A15 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describe('vexpress-a15 on Xvisor-TS', () => {
  it('boots to the prompt and answers hi/hello, alone', async () => {
    const t = await bootAlone(VEXPRESS_A15);
    expect(t).toContain('Vexpress-A15 Basic Firmware');
    expect(t).toContain('basic# hi\r\nhello\r\n');
    expect(t).toContain('basic# hello\r\nhi\r\n');
  });

  it('prints the same bytes in a second run, timer and Dhrystone figures included', async () => {
    const first = await timedTranscript(VEXPRESS_A15);
    expect(first).toContain('Dhrystones per second: ');
    expect(await timedTranscript(VEXPRESS_A15)).toBe(first);
  });

  it('runs two guests at once, each with its own console, SMP, timer, WFI and interrupts', async () => {
    expectSeveral(VEXPRESS_A15, await runSeveral(VEXPRESS_A15, 2));
  });
});

describe('vexpress-a15: the QEMU transcript, command by command', () => {
  const check = lazyCrossCheck(VEXPRESS_A15);
  transcriptSteps(VEXPRESS_A15).forEach((cmd, i) => {
    it(`${i} ${cmd}`, async () => expectStep(await check(), i));
  });

  it('prints nothing after the last command', async () => {
    const c = await check();
    expect(c.ours.length).toBe(c.qemu.length);
  });

  it('halt powers the guest off', async () => {
    const c = await check();
    expect(c.poweredOff).toBe(true);
    expect(c.instructionsAfterHalt).toBe(0);
  });
});
