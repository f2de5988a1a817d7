// The vexpress-a9 guest type on Xvisor-TS: the basic firmware alone and as two
// guests at once, and the transcript recorded on QEMU's vexpress-a9 replayed command by
// command (tests/common/guest-type-tests.ts, describeGuestType).
import { describeGuestType, type GuestType } from '../../common/guest-type-tests.ts';

const VEXPRESS_A9: GuestType = {
  cpu: 'arm32', board: 'vexpress-a9', transcript: 'vexpress-a9',
  banner: 'Vexpress-A9 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describeGuestType(VEXPRESS_A9);
