// Unit tests of the AArch64 backend's system behaviour that the QEMU-compared
// programs cannot check (QEMU 7.2 ignores SP alignment and swaps Op1/Op2 in
// the DAIFSet trap syndrome) or that concern the core's interface: budget and
// retired-instruction accounting, interrupts and WFI, hypercalls, the FP
// trap, exclusives across two vcpus, save/restore, halting on an exception
// loop, and garbage instruction words.

import { describe, it, expect } from 'vitest';
import { StopReason } from '../common/cpu-backend.ts';
import type { CpuEnv } from '../common/cpu-backend.ts';
import { Arm64Cpu, S } from './cpu.ts';
import { CORTEX_A53 } from './model-info.ts';
import { R } from './state.ts';
import { TestBus } from './testing/test-bus.ts';
import { arm64Models } from './models.ts';

const I = {
  LDR_X0_SP: 0xf94003e0, DAIFSET_2: 0xd50342df, HVC: 0xd4000002, NOP: 0xd503201f, WFI: 0xd503207f,
  STR_W1_X2: 0xb9000041, LDXR_X3_X4: 0xc85f7c83, STXR_W5_X6_X4: 0xc8057c86, LDR_Q0_X1: 0x3dc00020,
  DC_ZVA_X1: 0xd50b7421, DAIFCLR_2: 0xd50342ff, B_SELF: 0x14000000, MOV_X0_5: 0xd28000a0, ADD_X0_1: 0x91000400,
};
const RAM = 0x40000000;
const VBAR = 0x40010000;

function words(bus: TestBus, at: number, ws: number[]): void {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  bus.load(at, b);
}

function machine(n = 1): { bus: TestBus; cpus: Arm64Cpu[]; irqs: number[][]; now: { ns: number } } {
  const bus = new TestBus();
  bus.addRam(RAM, 0x100000);
  const now = { ns: 0 };
  const cpus: Arm64Cpu[] = [];
  const irqs: number[][] = [];
  for (let i = 0; i < n; i++) {
    const lv = [0, 0];
    irqs.push(lv);
    const env: CpuEnv = {
      bus, vcpuIndex: i, vcpuCount: n, counterHz: 62_500_000,
      clock: { nowNs: () => now.ns, createTimer: () => ({ startAt() {}, startIn() {}, stop() {}, pending: false, expiry: 0 }) },
      timerIrq: { phys: { set: (l) => { lv[0] = l; } }, virt: { set: (l) => { lv[1] = l; } } },
      log() {},
    };
    cpus.push(new Arm64Cpu(env, CORTEX_A53));
  }
  // Every vector entry holds an HVC so that a taken exception stops the run.
  const vec: number[] = [];
  for (let i = 0; i < 0x800 / 4; i++) vec.push(I.HVC);
  words(bus, VBAR, vec);
  for (const c of cpus) { c.reset(RAM); c.sr[R.VBAR * 2] = VBAR; }
  return { bus, cpus, irqs, now };
}

const pc = (c: Arm64Cpu): number => c.st[S.PC_LO]! >>> 0;
const esr = (c: Arm64Cpu): number => c.sr[R.ESR * 2]! >>> 0;

describe('arm64 cpu', () => {
  it('exports the ARMv8 models', () => {
    const m = arm64Models.find((x) => x.compatible.includes('armv8,generic'));
    expect(m?.configSymbol).toBe('CONFIG_CPU_ARMV8');
    expect(m?.arch).toBe('arm64');
    expect(arm64Models.some((x) => x.compatible.includes('arm,cortex-a57'))).toBe(true);
  });

  it('raises an SP alignment fault (EC 0x26) when SCTLR_EL1.SA is set', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.LDR_X0_SP]);
    c!.lo[32] = RAM + 0x1004;
    expect(c!.run(10)).toBe(StopReason.Hvc);
    expect(esr(c!)).toBe(0x9a000000);
    expect(pc(c!)).toBe(VBAR + 0x204);
    expect(c!.sr[R.ELR * 2]! >>> 0).toBe(RAM);
  });

  it('traps MSR DAIFSet at EL0 with the ARM ARM syndrome (EC 0x18)', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.DAIFSET_2]);
    c!.writeGdbRegister(33, 0x3c0, 0); // EL0t
    expect(c!.run(10)).toBe(StopReason.Hvc);
    // Op0=0 Op2=6 Op1=3 CRn=4 Rt=31 CRm=2 read=0
    expect(esr(c!)).toBe(((0x18 << 26) | (1 << 25) | (6 << 17) | (3 << 14) | (4 << 10) | (31 << 5) | (2 << 1)) >>> 0);
    expect(pc(c!)).toBe(VBAR + 0x404);
  });

  it('raises Undefined Instruction for garbage words, never a host error', () => {
    const { bus, cpus: [c] } = machine();
    for (const w of [0xffffffff, 0x00000000, 0x1e600000, 0xd4200003]) {
      words(bus, RAM, [w]);
      c!.reset(RAM);
      c!.sr[R.VBAR * 2] = VBAR;
      c!.sr[R.CPACR * 2] = 3 << 20; // FP enabled: FP encodings we lack are UNDEFINED too
      expect(c!.run(10)).toBe(StopReason.Hvc);
      expect(esr(c!) >>> 26).toBe(0);
    }
  });

  it('keeps instructionsRetired exact when an MMIO access calls out', () => {
    const { bus, cpus: [c] } = machine();
    const seen: number[] = [];
    bus.mmio.push({ base: 0x09000000, size: 0x1000, read: () => 0, write: () => { seen.push(c!.instructionsRetired); } });
    words(bus, RAM, [I.NOP, I.NOP, I.NOP, I.STR_W1_X2, I.HVC]);
    c!.lo[2] = 0x09000000;
    expect(c!.run(100)).toBe(StopReason.Hvc);
    expect(seen).toEqual([4]);
    expect(c!.instructionsRetired).toBe(5);
  });

  it('stops on the budget and resumes where it left off', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.MOV_X0_5, I.ADD_X0_1, I.ADD_X0_1, I.ADD_X0_1, I.HVC]);
    expect(c!.run(2)).toBe(StopReason.Budget);
    expect(c!.instructionsRetired).toBe(2);
    expect(c!.lo[0]).toBe(6);
    expect(c!.run(100)).toBe(StopReason.Hvc);
    expect(c!.lo[0]).toBe(8);
    expect(c!.instructionsRetired).toBe(5);
  });

  it('passes hypercall arguments and results as 64-bit halves', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.HVC, I.HVC]);
    c!.lo[0] = 0x84000000 | 0; c!.lo[1] = 0x12345678; c!.hi[1] = 0x9abcdef0 | 0;
    expect(c!.run(10)).toBe(StopReason.Hvc);
    expect(c!.hypercallArg(0)).toBe(0x84000000);
    expect(c!.hypercallArg(1)).toBe(0x12345678);
    expect(c!.hypercallArgHi(1)).toBe(0x9abcdef0);
    c!.completeHypercall([-1, 0x100000000 + 5]);
    expect([c!.lo[0], c!.hi[0], c!.lo[1], c!.hi[1]]).toEqual([-1, -1, 5, 1]);
    expect(pc(c!)).toBe(RAM + 4);
  });

  it('sleeps in WFI until an interrupt line rises, masked or not, and takes it when unmasked', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.WFI, I.NOP, I.DAIFCLR_2, I.B_SELF]);
    expect(c!.run(10)).toBe(StopReason.Wfi);
    expect(c!.interruptPending()).toBe(false);
    c!.setIrq(1);
    expect(c!.interruptPending()).toBe(true);
    expect(c!.run(10)).toBe(StopReason.Hvc); // DAIFClr unmasks: IRQ vector (HVC there)
    expect(pc(c!)).toBe(VBAR + 0x280 + 4);
    expect(c!.sr[R.ELR * 2]! >>> 0).toBe(RAM + 12);
    expect((c!.sr[R.SPSR * 2]! >>> 6) & 0xf).toBe(0xd); // D A F set, I clear at the time
  });

  it('traps FP/SIMD use while CPACR_EL1.FPEN disables it, and loads Q registers once enabled', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.LDR_Q0_X1, I.HVC]);
    words(bus, RAM + 0x100, [1, 2, 3, 4]);
    c!.lo[1] = RAM + 0x100;
    expect(c!.run(10)).toBe(StopReason.Hvc);
    expect(esr(c!)).toBe(0x1fe00000);
    c!.reset(RAM);
    c!.lo[1] = RAM + 0x100;
    c!.sr[R.CPACR * 2] = 3 << 20;
    expect(c!.run(10)).toBe(StopReason.Hvc);
    expect([...c!.v.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
  });

  it('DC ZVA zeroes the 64-byte block holding the address', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.DC_ZVA_X1, I.HVC]);
    const fill: number[] = [];
    for (let i = 0; i < 48; i++) fill.push(0xaaaaaaaa);
    words(bus, RAM + 0x1000 - 32, fill);
    c!.lo[1] = RAM + 0x1000 + 17;
    expect(c!.run(10)).toBe(StopReason.Hvc);
    for (let i = 0; i < 64; i++) expect(bus.read8(RAM + 0x1000 + i)).toBe(0);
    expect(bus.read8(RAM + 0x1000 + 64)).toBe(0xaa);
    expect(bus.read8(RAM + 0x1000 - 1)).toBe(0xaa);
  });

  it('fails a store-exclusive after another vcpu stores to the reserved granule', () => {
    const { bus, cpus: [a, b] } = machine(2);
    words(bus, RAM, [I.LDXR_X3_X4, I.STXR_W5_X6_X4, I.HVC]);
    words(bus, RAM + 0x100, [I.STR_W1_X2, I.HVC]);
    a!.lo[4] = RAM + 0x2000; a!.lo[6] = 77;
    b!.reset(RAM + 0x100);
    b!.lo[2] = RAM + 0x2008; b!.lo[1] = 1;
    expect(a!.run(1)).toBe(StopReason.Budget); // LDXR done
    expect(b!.run(10)).toBe(StopReason.Hvc);   // other vcpu stores into the granule
    expect(a!.run(10)).toBe(StopReason.Hvc);
    expect(a!.lo[5]).toBe(1);
    // without interference the pair succeeds
    a!.reset(RAM); a!.sr[R.VBAR * 2] = VBAR;
    a!.lo[4] = RAM + 0x2000; a!.lo[6] = 77;
    expect(a!.run(10)).toBe(StopReason.Hvc);
    expect(a!.lo[5]).toBe(0);
    expect(bus.read8(RAM + 0x2000)).toBe(77);
  });

  it('halts with a reason when the exception vectors cannot be fetched', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [0xffffffff]);
    c!.sr[R.VBAR * 2] = 0x20000000; // nothing there
    expect(c!.run(100)).toBe(StopReason.Halted);
    expect(c!.haltReason).toMatch(/exception loop/);
    expect(c!.run(100)).toBe(StopReason.Halted);
  });

  it('saves and restores its whole state', () => {
    const { bus, cpus: [c] } = machine();
    words(bus, RAM, [I.MOV_X0_5, I.ADD_X0_1, I.ADD_X0_1, I.HVC]);
    c!.run(2);
    const saved = JSON.parse(JSON.stringify(c!.save()));
    const other = new Arm64Cpu(c!.env, CORTEX_A53);
    other.restore(saved);
    expect(other.run(10)).toBe(StopReason.Hvc);
    expect(c!.run(10)).toBe(StopReason.Hvc);
    expect(other.lo[0]).toBe(c!.lo[0]);
    expect(other.instructionsRetired).toBe(c!.instructionsRetired);
    expect(other.dumpRegisters()).toBe(c!.dumpRegisters());
  });

  it('rejects malformed saved state with the field at fault', () => {
    const { cpus: [c] } = machine();
    const s = c!.save();
    expect(() => c!.restore({ ...s, version: 99 })).toThrow(/version 99/);
    expect(() => c!.restore({ ...s, lo: [1, 2] })).toThrow(/'lo'/);
    expect(() => c!.restore({ ...s, pstate: undefined })).toThrow(/pstate/);
    expect(() => c!.restore({ ...s, sysregs: { ...(s.sysregs as object), SCTLR_EL1: 5 } })).toThrow(/SCTLR_EL1/);
  });

  it('carries the PC across a 4 GiB boundary both ways', () => {
    const { bus, cpus: [c] } = machine();
    bus.addRam(0xfffff000, 0x2000);
    words(bus, 0xfffffff8, [I.NOP, I.ADD_X0_1, 0x17fffc01 /* b .-0xffc */]);
    words(bus, 0xfffff004, [I.ADD_X0_1, I.HVC]);
    c!.setPc(0xfffffff8);
    expect(c!.run(100)).toBe(StopReason.Hvc);
    expect(c!.readGdbRegister(32)).toEqual([0xfffff00c, 0]);
    expect(c!.lo[0]).toBe(2);
  });

  it('reads registers by gdb number', () => {
    const { cpus: [c] } = machine();
    c!.writeGdbRegister(3, 0x11, 0x22);
    expect(c!.readGdbRegister(3)).toEqual([0x11, 0x22]);
    expect(c!.readGdbRegister(32)).toEqual([RAM, 0]);
    expect(() => c!.readGdbRegister(99)).toThrow(/no gdb register 99/);
  });
});
