// Differential tests: replays the instruction streams recorded from Unicorn
// (testdata/diff-*.json, made by testing/gen-diff.ts) on the interpreter and
// compares X0..X30, SP, NZCV and every changed byte of the data region.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StopReason } from '../common/cpu-backend.ts';
import { Arm64Cpu } from './cpu.ts';
import { CORTEX_A53 } from './model-info.ts';
import { S } from './cpu.ts';
import { TestBus } from './testing/test-bus.ts';
import { CODE_BASE, DATA_BASE, DATA_SIZE, dataFill } from './testing/diff-layout.ts';
import type { DiffFixture, DiffStream } from './testing/diff-layout.ts';
import type { CpuEnv } from '../common/cpu-backend.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const files = readdirSync(dir).filter((f) => f.startsWith('diff-') && f.endsWith('.json')).sort();

function makeCpu(bus: TestBus): Arm64Cpu {
  const env: CpuEnv = {
    bus, vcpuIndex: 0, vcpuCount: 1, counterHz: 62_500_000,
    clock: { nowNs: () => 0, createTimer: () => ({ startAt() {}, startIn() {}, stop() {}, pending: false, expiry: 0 }) },
    timerIrq: { phys: { set() {} }, virt: { set() {} } },
    log() {},
  };
  return new Arm64Cpu(env, CORTEX_A53);
}

function runStream(s: DiffStream): { regs: string[]; nzcv: number; mem: [number, number][] } {
  const bus = new TestBus();
  bus.addRam(CODE_BASE, 0x10000);
  const data = bus.addRam(DATA_BASE, DATA_SIZE);
  const code = Buffer.from(s.code, 'hex');
  bus.load(CODE_BASE, code);
  bus.load(CODE_BASE + code.length, new Uint8Array([0x02, 0x00, 0x00, 0xd4])); // hvc #0 ends the stream
  const init = dataFill(s.seed);
  data.bytes.set(init);
  const cpu = makeCpu(bus);
  cpu.reset(CODE_BASE);
  for (let i = 0; i < 32; i++) {
    const v = BigInt('0x' + s.regs[i]);
    const r = i === 31 ? 32 : i;
    cpu.lo[r] = Number(v & 0xffffffffn) | 0;
    cpu.hi[r] = Number(v >> 32n) | 0;
  }
  cpu.st[S.NZCV] = s.nzcv;
  const stop = cpu.run(100000);
  if (stop !== StopReason.Hvc) throw new Error(`${s.name}: stopped with ${stop} at ${cpu.pcString()} (${cpu.haltReason}), ESR=${cpu.sr[8 * 2]!.toString(16)}\n${cpu.dumpRegisters()}`);
  const regs: string[] = [];
  for (let i = 0; i < 32; i++) {
    const r = i === 31 ? 32 : i;
    regs.push((cpu.hi[r]! >>> 0).toString(16).padStart(8, '0') + (cpu.lo[r]! >>> 0).toString(16).padStart(8, '0'));
  }
  const mem: [number, number][] = [];
  for (let i = 0; i < DATA_SIZE; i++) if (data.bytes[i] !== init[i]) mem.push([i, data.bytes[i]!]);
  return { regs, nzcv: cpu.st[S.NZCV]!, mem };
}

describe('arm64 differential streams (Unicorn fixtures)', () => {
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });
  for (const f of files) {
    const fx = JSON.parse(readFileSync(join(dir, f), 'utf8')) as DiffFixture;
    it(`group ${fx.group}`, () => {
      for (const s of fx.streams) {
        const got = runStream(s);
        const names = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'sp'];
        for (let i = 0; i < 32; i++) {
          if (got.regs[i] !== s.expect.regs[i]) {
            throw new Error(`${s.name}: ${names[i]} = ${got.regs[i]}, Unicorn ${s.expect.regs[i]}\n${s.asm.join('\n')}`);
          }
        }
        expect(got.nzcv, `${s.name} NZCV\n${s.asm.join('\n')}`).toBe(s.expect.nzcv);
        expect(got.mem, `${s.name} memory\n${s.asm.join('\n')}`).toEqual(s.expect.mem);
      }
    });
  }
});
