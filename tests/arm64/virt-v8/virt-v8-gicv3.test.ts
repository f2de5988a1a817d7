// The virt-v8 (GICv3) guest type on Xvisor-TS: the basic firmware alone and as two
// guests at once, and the transcript recorded on QEMU's virt board with gic-version=3 replayed command by
// command (tests/common/guest-type-tests.ts, describeGuestType).
import { describeGuestType, type GuestType } from '../../common/guest-type-tests.ts';

const VIRT_V8_GICV3: GuestType = {
  cpu: 'arm64', board: 'virt-v8', variant: '-gicv3', transcript: 'virt-v8-gicv3',
  banner: 'Virt-v8 Basic Firmware', cpus: 2, haltPowersOff: true,
};

describeGuestType(VIRT_V8_GICV3, 'virt-v8 (GICv3)');
