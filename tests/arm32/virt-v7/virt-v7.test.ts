// The virt-v7 guest type on Xvisor-TS: the basic firmware alone and as two
// guests at once, and the transcript recorded on QEMU's virt board with a Cortex-A15 replayed command by
// command (tests/common/guest-type-tests.ts, describeGuestType).
import { describeGuestType, type GuestType } from '../../common/guest-type-tests.ts';

const VIRT_V7: GuestType = {
  cpu: 'arm32', board: 'virt-v7', transcript: 'virt-v7',
  banner: 'Virt-v7 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describeGuestType(VIRT_V7);
