// The `virtio,mmio` emulator with the devices built in: net (1), block (2),
// console (3), entropy (4), rpmsg (7), input (18). See mmio.ts for the transport.

import type { Emulator } from '../../core/devemu/emulator.ts';
import { makeVirtioBlk } from './blk.ts';
import { VirtioConsole } from './console.ts';
import { VirtioInput } from './input.ts';
import { virtioMmioEmulator } from './mmio.ts';
import { makeVirtioNet } from './net.ts';
import { DeviceId } from './regs.ts';
import { VirtioRng } from './rng.ts';
import { VirtioRpmsg } from './rpmsg.ts';

export const virtioEmulator: Emulator = virtioMmioEmulator({
  [DeviceId.Net]: makeVirtioNet,
  [DeviceId.Block]: makeVirtioBlk,
  [DeviceId.Console]: (ctx) => new VirtioConsole(ctx),
  [DeviceId.Entropy]: (ctx) => new VirtioRng(ctx),
  [DeviceId.Rpmsg]: (ctx) => new VirtioRpmsg(ctx),
  [DeviceId.Input]: (ctx) => new VirtioInput(ctx),
});
