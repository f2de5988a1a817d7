// The virt-v7 guest type on Xvisor-TS (virt-v7-guest.dts with basic/firmware.bin):
// boots the basic firmware alone and as two guests at once, drives each
// shell over its vserial, and replays the transcript recorded on QEMU's virt board with a Cortex-A15
// command by command (figures masked by normaliseTranscript).
import { describe, expect, it } from 'vitest';
import { bootAlone, expectSeveral, timedTranscript, expectStep, lazyCrossCheck, runSeveral, transcriptSteps, type GuestType } from '../../common/guest-type-tests.ts';

const VIRT_V7: GuestType = {
  cpu: 'arm32', board: 'virt-v7', transcript: 'virt-v7',
  banner: 'Virt-v7 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describe('virt-v7 on Xvisor-TS', () => {
  it('boots to the prompt and answers hi/hello, alone', async () => {
    const t = await bootAlone(VIRT_V7);
    expect(t).toContain('Virt-v7 Basic Firmware');
    expect(t).toContain('basic# hi\r\nhello\r\n');
    expect(t).toContain('basic# hello\r\nhi\r\n');
  });

  it('prints the same bytes in a second run, timer and Dhrystone figures included', async () => {
    const first = await timedTranscript(VIRT_V7);
    expect(first).toContain('Dhrystones per second: ');
    expect(await timedTranscript(VIRT_V7)).toBe(first);
  });

  it('runs two guests at once, each with its own console, SMP, timer, WFI and interrupts', async () => {
    expectSeveral(VIRT_V7, await runSeveral(VIRT_V7, 2));
  });
});

describe('virt-v7: the QEMU transcript, command by command', () => {
  const check = lazyCrossCheck(VIRT_V7);
  transcriptSteps(VIRT_V7).forEach((cmd, i) => {
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
