// Runs one differential-test case (diff-layout.ts) on an Arm32Cpu over a
// TestBus and returns the final state in the fixture's shape.

import { Arm32Cpu } from '../cpu.ts';
import type { Arm32Features } from '../features.ts';
import { S } from '../state-slots.ts';
import { CODE_BASE, DATA_BASE, DATA_SIZE, dataBytes, type DiffCase } from './diff-layout.ts';
import { TestBus, makeTestEnv } from './test-bus.ts';


export interface CaseResult { regs: number[]; flags: number; mem: [number, number][]; error?: string }

/** One CPU and bus per model, reused across cases (a CPU's decode caches are large). */
export class CaseRunner {
  readonly bus = new TestBus();
  readonly cpu: Arm32Cpu;
  private readonly codeRam: Uint8Array;
  private readonly data: Uint8Array;
  constructor(f: Arm32Features) {
    this.codeRam = this.bus.addRam(CODE_BASE, 0x10000);
    this.data = this.bus.addRam(DATA_BASE, DATA_SIZE);
    const env = makeTestEnv(this.bus);
    this.cpu = new Arm32Cpu(f, env);
    env.clock.retired = () => this.cpu.instructionsRetired;
  }
  run(c: DiffCase): CaseResult { return runCase(this.cpu, this.codeRam, this.data, c); }
}

function runCase(cpu: Arm32Cpu, codeRam: Uint8Array, data: Uint8Array, c: DiffCase): CaseResult {
  const init = dataBytes(c.memSeed);
  data.set(init);
  const code = Uint8Array.from(Buffer.from(c.code, 'hex'));
  codeRam.fill(0);
  codeRam.set(code);
  cpu.reset(CODE_BASE | (c.thumb ? 1 : 0));
  for (let i = 0; i < 15; i++) cpu.R[i] = c.regs[i]! | 0;
  cpu.S[S.NZCV] = c.cpsr >>> 28;
  cpu.S[S.GE] = (c.cpsr >>> 16) & 15;
  const end = CODE_BASE + code.length;
  let error: string | undefined;
  for (let steps = 0; ; steps++) {
    if (cpu.S[S.PC] === end) break;
    if (steps > 2000) { error = `did not reach the end (pc 0x${(cpu.S[S.PC]! >>> 0).toString(16)})`; break; }
    cpu.run(1);
    if (cpu.S[S.MODE] !== 0x13) { error = `took an exception: mode 0x${cpu.S[S.MODE]!.toString(16)} pc 0x${(cpu.S[S.PC]! >>> 0).toString(16)} from 0x${(cpu.S[S.CURPC]! >>> 0).toString(16)}`; break; }
  }
  const regs = Array.from(cpu.R.subarray(0, 15), (v) => v >>> 0);
  const cpsr = cpu.readCpsr();
  const mem: [number, number][] = [];
  for (let i = 0; i < DATA_SIZE; i++) if (data[i] !== init[i]) mem.push([i, data[i]!]);
  return { regs, flags: (cpsr & 0xf80f0000) >>> 0, mem, error };
}
