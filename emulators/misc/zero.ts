// The `zero` device of Xvisor's guest trees: a region that reads as zero at
// every offset and width and ignores writes (for board registers a guest
// probes but needs nothing from). Nothing here is a guest error.

import type { AccessSize, EmuDevice, EmuState, Emulator } from '../../core/devemu/emulator.ts';
import { checkVersion } from '../common/state.ts';

export class Zero implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4, 8];
  hi32 = 0;
  read(_offset: number, _size: AccessSize): number {
    this.hi32 = 0;
    return 0;
  }
  write(_offset: number, _size: AccessSize, _value: number): void {}
  reset(): void {}
  save(): EmuState {
    return { version: 1 };
  }
  restore(s: EmuState): void {
    checkVersion(s, 'zero', 1);
  }
}

export const zeroEmulator: Emulator = {
  name: 'zero',
  deviceType: 'misc',
  compatible: [{ compatible: 'zero' }],
  configSymbol: 'CONFIG_EMU_MISC_ZERO',
  probe(): EmuDevice {
    return new Zero();
  },
};
