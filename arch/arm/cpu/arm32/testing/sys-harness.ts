// Runs one of the system test programs (../testdata/sys/*.bin) on a model:
// RAM at 0 (1 MiB) and at 0xffff0000 (64 KiB, high vectors), the TestBus
// output/exit registers and an IRQ request register (bit 0 IRQ, bit 1 FIQ),
// the generic timer's lines ORed into IRQ. WFI skips virtual time to the
// next timer event. Feature bits in r0: bit0 ARMv6+, bit1 ARMv7 (VBAR),
// bit2 LPAE/VE, bit3 Thumb-2.

import { StopReason } from '../../common/cpu-backend.ts';
import { Arm32Cpu } from '../cpu.ts';
import { ArchVersion, type Arm32Features } from '../features.ts';
import { TestBus, makeTestEnv } from './test-bus.ts';

export const IRQREQ = 0x1c090008;

export interface SysResult { exit: number; cpu: Arm32Cpu; logs: string[]; output: string; stop: string }

export function featureBits(f: Arm32Features): number {
  return (f.arch >= ArchVersion.V6 ? 1 : 0) | (f.arch >= ArchVersion.V7 ? 2 : 0) | (f.lpae ? 4 : 0) | (f.thumb2 ? 8 : 0);
}

export function runSys(f: Arm32Features, image: Uint8Array, maxInsns = 5_000_000): SysResult {
  const bus = new TestBus();
  bus.addRam(0, 0x100000);
  bus.addRam(0xffff0000, 0x10000);
  bus.load(0, image);
  const env = makeTestEnv(bus);
  const cpu = new Arm32Cpu(f, env);
  env.clock.retired = () => cpu.instructionsRetired;
  let req = 0;
  const update = (): void => {
    cpu.setIrq((req & 1) | env.virtLine.level | env.physLine.level);
    cpu.setFiq((req >>> 1) & 1);
  };
  env.virtLine.set = (l: number): void => { env.virtLine.level = l; update(); };
  env.physLine.set = (l: number): void => { env.physLine.level = l; update(); };
  bus.extraWrite = (pa, v) => {
    if (pa !== IRQREQ) return false;
    req = v & 3;
    update();
    return true;
  };
  cpu.reset(0, [featureBits(f)]);
  let stop = '';
  while (bus.exitCode < 0 && cpu.instructionsRetired < maxInsns) {
    const next = env.clock.nextExpiry();
    const budget = Math.max(1, Math.min(10_000, next === Infinity ? 10_000 : Math.ceil(next - env.clock.nowNs())));
    const r = cpu.run(budget);
    env.clock.fireDue();
    if (r === StopReason.Wfi || r === StopReason.Wfe) {
      const e = env.clock.nextExpiry();
      if (e === Infinity && !cpu.wakeupPending()) { stop = 'wfi with nothing pending'; break; }
      if (e !== Infinity && e > env.clock.nowNs()) env.clock.offset += e - env.clock.nowNs();
      env.clock.fireDue();
    } else if (r === StopReason.Halted) { stop = `halted: ${cpu.haltReason}`; break; }
    else if (r !== StopReason.Budget) { stop = `stop ${r}`; break; }
  }
  return { exit: bus.exitCode, cpu, logs: env.logs, output: bus.text(), stop };
}
