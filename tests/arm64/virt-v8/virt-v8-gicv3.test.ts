// The virt-v8 (GICv3) guest type on Xvisor-TS (virt-v8-gicv3-guest.dts with basic/firmware.bin):
// boots the basic firmware alone and as two guests at once, drives each
// shell over its vserial, and replays the transcript recorded on QEMU's virt board with gic-version=3
// command by command (figures masked by normaliseTranscript).
import { describe, expect, it } from 'vitest';
import { bootAlone, expectSeveral, timedTranscript, expectStep, lazyCrossCheck, runSeveral, transcriptSteps, type GuestType } from '../../common/guest-type-tests.ts';

const VIRT_V8_GICV3: GuestType = {
  cpu: 'arm64', board: 'virt-v8', variant: '-gicv3', transcript: 'virt-v8-gicv3',
  banner: 'Virt-v8 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describe('virt-v8 (GICv3) on Xvisor-TS', () => {
  it('boots to the prompt and answers hi/hello, alone', async () => {
    const t = await bootAlone(VIRT_V8_GICV3);
    expect(t).toContain('Virt-v8 Basic Firmware');
    expect(t).toContain('basic# hi\r\nhello\r\n');
    expect(t).toContain('basic# hello\r\nhi\r\n');
  });

  it('prints the same bytes in a second run, timer and Dhrystone figures included', async () => {
    const first = await timedTranscript(VIRT_V8_GICV3);
    expect(first).toContain('Dhrystones per second: ');
    expect(await timedTranscript(VIRT_V8_GICV3)).toBe(first);
  });

  it('runs two guests at once, each with its own console, SMP, timer, WFI and interrupts', async () => {
    expectSeveral(VIRT_V8_GICV3, await runSeveral(VIRT_V8_GICV3, 2));
  });
});

describe('virt-v8 (GICv3): the QEMU transcript, command by command', () => {
  const check = lazyCrossCheck(VIRT_V8_GICV3);
  transcriptSteps(VIRT_V8_GICV3).forEach((cmd, i) => {
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
