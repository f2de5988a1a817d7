// Integer MIPS of the arm64 interpreter on bench/integer.S (a loop mix of
// ALU, loads/stores, pairs, calls, branches, multiplies and a divide), run
// bare on a RAM-only bus with the MMU off. Usage:
//   npx tsx arch/arm/cpu/arm64/bench/integer.bench.ts [iterations]
// integer.bin is built from integer.S with aarch64-linux-gnu-as/ld/objcopy
// linked at 0x40000000 (see the test that rebuilds it).

import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StopReason } from '../../common/cpu-backend.ts';
import type { CpuEnv } from '../../common/cpu-backend.ts';
import { Arm64Cpu } from '../cpu.ts';
import { CORTEX_A53 } from '../model-info.ts';
import { TestBus } from '../testing/test-bus.ts';

const here = dirname(fileURLToPath(import.meta.url));
const image = new Uint8Array(readFileSync(join(here, 'integer.bin')));
const iterations = Number(process.argv[2] ?? 20000);

function once(): { insns: number; ms: number; checksum: string } {
  const bus = new TestBus();
  bus.addRam(0x40000000, 0x100000);
  bus.load(0x40000000, image);
  const env: CpuEnv = {
    bus, vcpuIndex: 0, vcpuCount: 1, counterHz: 62_500_000,
    clock: { nowNs: () => 0, createTimer: () => ({ startAt() {}, startIn() {}, stop() {}, pending: false, expiry: 0 }) },
    timerIrq: { phys: { set() {} }, virt: { set() {} } },
    log() {},
  };
  const cpu = new Arm64Cpu(env, CORTEX_A53);
  cpu.reset(0x40000000, [iterations]);
  // CPU time of this process, not wall time: the machine is shared.
  const t0 = process.cpuUsage();
  let r: StopReason;
  do r = cpu.run(1_000_000); while (r === StopReason.Budget);
  const used = process.cpuUsage(t0);
  const ms = (used.user + used.system) / 1000;
  if (r !== StopReason.Hvc) throw new Error(`bench stopped with ${r}: ${cpu.haltReason}`);
  const [lo, hi] = cpu.readGdbRegister(1);
  return { insns: cpu.instructionsRetired, ms, checksum: hi.toString(16) + lo.toString(16).padStart(8, '0') };
}

/**
 * A fixed plain-JS loop (typed-array read-modify-write) timed the same way,
 * so that figures from a loaded, shared machine can be compared: on an idle
 * core it takes about 1 ns per iteration.
 */
function calibrate(): number {
  const a = new Int32Array(64), st = new Int32Array(4);
  st[0] = 2e7;
  const t0 = process.cpuUsage();
  let s = 0;
  for (;;) {
    if (--st[0]! < 0) break;
    const i = st[1]! & 63;
    a[i] = (a[i]! + s) | 0;
    s = (s + 7) | 0;
    st[1] = (st[1]! + 1) | 0;
  }
  const u = process.cpuUsage(t0);
  return ((u.user + u.system) * 1000) / 2e7 + (s & 0);
}

const runs: number[] = [];
let last = once();
for (let i = 0; i < 5; i++) {
  last = once();
  runs.push(last.insns / last.ms / 1000);
}
runs.sort((a, b) => a - b);
const cal = calibrate();
console.log(`arm64 integer: ${(last.insns / 1e6).toFixed(1)} M instructions, median ${runs[2]!.toFixed(1)} MIPS per CPU-second (min ${runs[0]!.toFixed(1)}, max ${runs[4]!.toFixed(1)}), checksum ${last.checksum}; calibration loop ${cal.toFixed(2)} ns/iteration (about 1 on an idle core)`);
