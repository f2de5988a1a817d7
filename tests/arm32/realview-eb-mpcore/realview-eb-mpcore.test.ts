// The realview-eb-mpcore guest type on Xvisor-TS (realview-eb-mpcore-guest.dts with basic/firmware.bin):
// boots the basic firmware alone and as two guests at once, drives each
// shell over its vserial, and replays the transcript recorded on QEMU's realview-eb-mpcore
// command by command (figures masked by normaliseTranscript).
import { describe, expect, it } from 'vitest';
import { bootAlone, expectSeveral, timedTranscript, expectStep, lazyCrossCheck, runSeveral, transcriptSteps, type GuestType } from '../../common/guest-type-tests.ts';

const REALVIEW_EB_MPCORE: GuestType = {
  cpu: 'arm32', board: 'realview-eb-mpcore', transcript: 'realview-eb-mpcore',
  banner: 'Realview-EB-MPCore Basic Firmware', cpus: 2, haltPowersOff: false,
};

describe('realview-eb-mpcore on Xvisor-TS', () => {
  it('boots to the prompt and answers hi/hello, alone', async () => {
    const t = await bootAlone(REALVIEW_EB_MPCORE);
    expect(t).toContain('Realview-EB-MPCore Basic Firmware');
    expect(t).toContain('basic# hi\r\nhello\r\n');
    expect(t).toContain('basic# hello\r\nhi\r\n');
  });

  it('prints the same bytes in a second run, timer and Dhrystone figures included', async () => {
    const first = await timedTranscript(REALVIEW_EB_MPCORE);
    expect(first).toContain('Dhrystones per second: ');
    expect(await timedTranscript(REALVIEW_EB_MPCORE)).toBe(first);
  });

  it('runs two guests at once, each with its own console, SMP, timer, WFI and interrupts', async () => {
    expectSeveral(REALVIEW_EB_MPCORE, await runSeveral(REALVIEW_EB_MPCORE, 2));
  });
});

describe('realview-eb-mpcore: the QEMU transcript, command by command', () => {
  const check = lazyCrossCheck(REALVIEW_EB_MPCORE);
  transcriptSteps(REALVIEW_EB_MPCORE).forEach((cmd, i) => {
    it(`${i} ${cmd}`, async () => expectStep(await check(), i));
  });

  it('prints nothing after the last command', async () => {
    const c = await check();
    expect(c.ours.length).toBe(c.qemu.length);
  });

  it('halt parks the guest in WFI with interrupts masked', async () => {
    const c = await check();
    expect(c.poweredOff).toBe(false);
    expect(c.instructionsAfterHalt).toBeGreaterThanOrEqual(0);
    // A busy loop would retire about 2e8 in 200 ms; WFI with the 100 ms timeout a handful.
    expect(c.instructionsAfterHalt).toBeLessThan(1000);
  });
});
