// Every emulator of this tree. The build generates a filtered registry from
// the configuration's CONFIG_EMU_* symbols; this full list is what it
// filters (and what tests and the default build use).

import type { Emulator } from '../core/devemu/emulator.ts';
import { pl110Emulator } from './display/pl110.ts';
import { simplefbEmulator } from './display/simplefb.ts';
import { pl050Emulator } from './input/pl050.ts';
import { cfiFlashEmulator } from './flash/cfi-flash.ts';
import { fwCfgEmulator } from './misc/fw-cfg.ts';
import { smc91c111Emulator } from './net/smc91c111.ts';
import { mpcoreEmulator } from './misc/mpcore/device.ts';
import { zeroEmulator } from './misc/zero.ts';
import { gicV2Emulator } from './pic/gic-v2/device.ts';
import { gicV3Emulator } from './pic/gic-v3/device.ts';
import { pl190Emulator } from './pic/pl190.ts';
import { versatileSicEmulator } from './pic/versatile-sic.ts';
import { pl031Emulator } from './rtc/pl031.ts';
import { pl011Emulator } from './serial/pl011.ts';
import { armSysctlEmulator } from './sys/arm-sysctl.ts';
import { sp810Emulator } from './sys/sp810.ts';
import { vexpressSysregEmulator } from './sys/vexpress-sysreg.ts';
import { vminfoEmulator } from './sys/vminfo.ts';
import { sp804Emulator } from './timer/sp804.ts';
import { virtioEmulator } from './virtio/device.ts';
import { sp805Emulator } from './watchdog/sp805.ts';

export const allEmulators: Emulator[] = [
  pl011Emulator,
  gicV2Emulator,
  gicV3Emulator,
  pl190Emulator,
  versatileSicEmulator,
  sp804Emulator,
  pl031Emulator,
  vexpressSysregEmulator,
  armSysctlEmulator,
  sp810Emulator,
  sp805Emulator,
  vminfoEmulator,
  simplefbEmulator,
  zeroEmulator,
  mpcoreEmulator,
  virtioEmulator,
  cfiFlashEmulator,
  fwCfgEmulator,
  pl110Emulator,
  pl050Emulator,
  smc91c111Emulator,
];
