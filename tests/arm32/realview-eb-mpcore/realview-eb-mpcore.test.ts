// The realview-eb-mpcore guest type on Xvisor-TS: the basic firmware alone and as two
// guests at once, and the transcript recorded on QEMU's realview-eb-mpcore replayed command by
// command (tests/common/guest-type-tests.ts, describeGuestType).
import { describeGuestType, type GuestType } from '../../common/guest-type-tests.ts';

const REALVIEW_EB_MPCORE: GuestType = {
  cpu: 'arm32', board: 'realview-eb-mpcore', transcript: 'realview-eb-mpcore',
  banner: 'Realview-EB-MPCore Basic Firmware', cpus: 2, haltPowersOff: false,
};

describeGuestType(REALVIEW_EB_MPCORE);
