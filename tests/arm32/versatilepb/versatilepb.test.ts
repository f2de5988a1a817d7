// The versatilepb guest type on Xvisor-TS (versatilepb-guest.dts with basic/firmware.bin):
// boots the basic firmware alone and as two guests at once, drives each
// shell over its vserial, and replays the transcript recorded on QEMU's versatilepb
// command by command (figures masked by normaliseTranscript).
import { describe, expect, it } from 'vitest';
import { bootAlone, expectSeveral, timedTranscript, expectStep, lazyCrossCheck, runSeveral, transcriptSteps, type GuestType } from '../../common/guest-type-tests.ts';

const VERSATILEPB: GuestType = {
  cpu: 'arm32', board: 'versatilepb', transcript: 'versatilepb',
  banner: 'VersatilePB Basic Firmware', cpus: 1, haltPowersOff: false,
};

describe('versatilepb on Xvisor-TS', () => {
  it('boots to the prompt and answers hi/hello, alone', async () => {
    const t = await bootAlone(VERSATILEPB);
    expect(t).toContain('VersatilePB Basic Firmware');
    expect(t).toContain('basic# hi\r\nhello\r\n');
    expect(t).toContain('basic# hello\r\nhi\r\n');
  });

  it('prints the same bytes in a second run, timer and Dhrystone figures included', async () => {
    const first = await timedTranscript(VERSATILEPB);
    expect(first).toContain('Dhrystones per second: ');
    expect(await timedTranscript(VERSATILEPB)).toBe(first);
  });

  it('runs two guests at once, each with its own console, timer, WFI and interrupts', async () => {
    expectSeveral(VERSATILEPB, await runSeveral(VERSATILEPB, 2));
  });
});

describe('versatilepb: the QEMU transcript, command by command', () => {
  const check = lazyCrossCheck(VERSATILEPB);
  transcriptSteps(VERSATILEPB).forEach((cmd, i) => {
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
