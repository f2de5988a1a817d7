// The versatilepb guest type on Xvisor-TS: the basic firmware alone and as two
// guests at once, and the transcript recorded on QEMU's versatilepb replayed command by
// command (tests/common/guest-type-tests.ts, describeGuestType).
import { describeGuestType, type GuestType } from '../../common/guest-type-tests.ts';

const VERSATILEPB: GuestType = {
  cpu: 'arm32', board: 'versatilepb', transcript: 'versatilepb',
  banner: 'VersatilePB Basic Firmware', cpus: 1, haltPowersOff: false,
};

describeGuestType(VERSATILEPB);
