// The virt-v8 guest type on Xvisor-TS: the basic firmware alone and as two
// guests at once, and the transcript recorded on QEMU's virt board with a GICv2 replayed command by
// command (tests/common/guest-type-tests.ts, describeGuestType).
import { describeGuestType, type GuestType } from '../../common/guest-type-tests.ts';

const VIRT_V8: GuestType = {
  cpu: 'arm64', board: 'virt-v8', transcript: 'virt-v8',
  banner: 'Virt-v8 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describeGuestType(VIRT_V8);
