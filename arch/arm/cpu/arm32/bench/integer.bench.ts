// Integer MIPS of the AArch32 interpreter on bench/integer.S: the A32 loop
// on every model and the Thumb-2 loop on the ARMv7 models, run bare on a
// RAM-only test bus with the MMU off. Usage:
//   npx tsx arch/arm/cpu/arm32/bench/integer.bench.ts [iterations]
// integer.bin is built from integer.S with arm-none-eabi-as/ld/objcopy
// linked at 0 (Thumb loop at 0x1000).

import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StopReason } from '../../common/cpu-backend.ts';
import { Arm32Cpu } from '../cpu.ts';
import { ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC } from '../feature-tables.ts';
import type { Arm32Features } from '../features.ts';
import { TestBus, makeTestEnv } from '../testing/test-bus.ts';

const here = dirname(fileURLToPath(import.meta.url));
const image = new Uint8Array(readFileSync(join(here, 'integer.bin')));
const iterations = Number(process.argv[2] ?? 400000);

function once(f: Arm32Features, thumb: boolean): { insns: number; ms: number; checksum: number } {
  const bus = new TestBus();
  bus.addRam(0, 0x100000);
  bus.load(0, image);
  const env = makeTestEnv(bus);
  const cpu = new Arm32Cpu(f, env);
  cpu.reset(thumb ? 0x1001 : 0, [iterations]);
  // CPU time of this process, not wall time: the machine is shared.
  const t0 = process.cpuUsage();
  let r: StopReason;
  do r = cpu.run(1_000_000); while (r === StopReason.Budget && bus.exitCode < 0);
  const used = process.cpuUsage(t0);
  if (bus.exitCode !== 0) throw new Error(`${f.name}: bench stopped with ${r}: ${cpu.haltReason}`);
  return { insns: cpu.instructionsRetired, ms: (used.user + used.system) / 1000, checksum: cpu.R[1]! >>> 0 };
}

// A trivial host loop to tell a loaded machine from a slow interpreter (about 1 ns per iteration on an idle core).
function calibrate(): number {
  let x = 0;
  const t0 = process.cpuUsage();
  for (let i = 0; i < 50_000_000; i++) x = (x + i) | 0;
  const u = process.cpuUsage(t0);
  return ((u.user + u.system) * 1000) / 50_000_000 + (x & 0) ;
}
console.log(`calibration loop: ${calibrate().toFixed(2)} ns/iteration`);

for (const f of [ARM926EJS, ARM11MPCORE, CORTEX_A8, CORTEX_A9, CORTEX_A15, CORTEX_A7, ARMV7_GENERIC]) {
  for (const thumb of f.thumb2 ? [false, true] : [false]) {
    const runs = [once(f, thumb), once(f, thumb), once(f, thumb)];
    const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
    const mips = best.insns / best.ms / 1000;
    console.log(`arm32 ${f.name.padEnd(15)} ${thumb ? 'T32' : 'A32'}: ${mips.toFixed(1)} MIPS (${best.insns} instructions, checksum 0x${best.checksum.toString(16)})`);
  }
}
