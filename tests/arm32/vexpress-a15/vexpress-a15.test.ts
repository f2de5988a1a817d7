// The vexpress-a15 guest type on Xvisor-TS: the basic firmware alone and as two
// guests at once, and the transcript recorded on QEMU's vexpress-a15 replayed command by
// command (tests/common/guest-type-tests.ts, describeGuestType).
import { describeGuestType, type GuestType } from '../../common/guest-type-tests.ts';

const VEXPRESS_A15: GuestType = {
  cpu: 'arm32', board: 'vexpress-a15', transcript: 'vexpress-a15',
  banner: 'Vexpress-A15 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describeGuestType(VEXPRESS_A15);
