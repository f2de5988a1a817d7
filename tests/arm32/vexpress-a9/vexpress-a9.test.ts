// The vexpress-a9 guest type on Xvisor-TS (vexpress-a9-guest.dts with basic/firmware.bin):
// boots the basic firmware alone and as two guests at once, drives each
// shell over its vserial, and replays the transcript recorded on QEMU's vexpress-a9
// command by command (figures masked by normaliseTranscript).
import { describe, expect, it } from 'vitest';
import { bootAlone, expectSeveral, timedTranscript, expectStep, lazyCrossCheck, runSeveral, transcriptSteps, type GuestType } from '../../common/guest-type-tests.ts';

const VEXPRESS_A9: GuestType = {
  cpu: 'arm32', board: 'vexpress-a9', transcript: 'vexpress-a9',
  banner: 'Vexpress-A9 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describe('vexpress-a9 on Xvisor-TS', () => {
  it('boots to the prompt and answers hi/hello, alone', async () => {
    const t = await bootAlone(VEXPRESS_A9);
    expect(t).toContain('Vexpress-A9 Basic Firmware');
    expect(t).toContain('basic# hi\r\nhello\r\n');
    expect(t).toContain('basic# hello\r\nhi\r\n');
  });

  it('prints the same bytes in a second run, timer and Dhrystone figures included', async () => {
    const first = await timedTranscript(VEXPRESS_A9);
    expect(first).toContain('Dhrystones per second: ');
    expect(await timedTranscript(VEXPRESS_A9)).toBe(first);
  });

  it('runs two guests at once, each with its own console, SMP, timer, WFI and interrupts', async () => {
    expectSeveral(VEXPRESS_A9, await runSeveral(VEXPRESS_A9, 2));
  });
});

describe('vexpress-a9: the QEMU transcript, command by command', () => {
  const check = lazyCrossCheck(VEXPRESS_A9);
  transcriptSteps(VEXPRESS_A9).forEach((cmd, i) => {
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
