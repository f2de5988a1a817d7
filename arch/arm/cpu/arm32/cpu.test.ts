// The CpuBackend face of the AArch32 backend: hypercall stops and
// completion, WFI, interrupts, requestStop, exact instruction counts at an
// MMIO access, external aborts (logged, vcpu keeps running), save/restore
// (and its bad-input errors), gdb registers and the models list.

import { describe, it, expect } from 'vitest';
import { StopReason } from '../common/cpu-backend.ts';
import { Arm32Cpu } from './cpu.ts';
import { S } from './state-slots.ts';
import { C } from './sysreg-slots.ts';
import { CORTEX_A9, CORTEX_A15, ARM926EJS } from './feature-tables.ts';
import type { Arm32Features } from './features.ts';
import { TestBus, makeTestEnv, type TestEnv } from './testing/test-bus.ts';
import { arm32Models } from './models.ts';
import { arm32veModels } from '../arm32ve/models.ts';

const HVC = 0xe1400070, SMC = 0xe1600070, ADD_R1_R0_1 = 0xe2801001, WFI = 0xe320f003, NOP = 0xe1a00000;
const STR_R0_R1 = 0xe5810000, LDR_R0_R1 = 0xe5910000, B_SELF = 0xeafffffe;

function setup(f: Arm32Features, words: number[], at = 0x100): { cpu: Arm32Cpu; bus: TestBus; env: TestEnv } {
  const bus = new TestBus();
  bus.addRam(0, 0x10000);
  bus.load(at, new Uint8Array(Uint32Array.from(words, (w) => w >>> 0).buffer));
  const env = makeTestEnv(bus);
  const cpu = new Arm32Cpu(f, env);
  env.clock.retired = () => cpu.instructionsRetired;
  cpu.reset(at);
  return { cpu, bus, env };
}

describe('hypercalls', () => {
  it('HVC at PL1 stops for the core; completeHypercall sets r0..r3 and resumes after it', () => {
    const { cpu } = setup(CORTEX_A15, [HVC, ADD_R1_R0_1, B_SELF]);
    cpu.R[0] = 0x84000000 | 0; cpu.R[1] = 7;
    expect(cpu.run(100)).toBe(StopReason.Hvc);
    expect(cpu.hypercallArg(0)).toBe(0x84000000);
    expect(cpu.hypercallArg(1)).toBe(7);
    expect(cpu.hypercallArgHi(0)).toBe(0);
    cpu.completeHypercall([5]);
    cpu.run(1);
    expect(cpu.R[1]).toBe(6);
  });
  it('SMC stops on Cortex-A9; with the trap off it is UNDEFINED', () => {
    const a = setup(CORTEX_A9, [SMC]);
    expect(a.cpu.run(10)).toBe(StopReason.Smc);
    const b = setup(CORTEX_A15, [SMC]);
    b.cpu.traps.smc = false;
    b.cpu.run(1);
    expect(b.cpu.S[S.MODE]).toBe(0x1b);
    expect(b.cpu.S[S.PC]).toBe(4);
  });
  it('HVC from user mode is UNDEFINED', () => {
    const { cpu } = setup(CORTEX_A15, [0xe321f0d0, HVC]); // msr cpsr_c, #0xd0 (usr)
    cpu.run(2);
    expect(cpu.S[S.MODE]).toBe(0x1b);
    expect(cpu.R[14]).toBe(0x108);
  });
});

describe('WFI and interrupts', () => {
  it('WFI stops with Wfi and the PC after it; an asserted (even masked) interrupt makes it complete', () => {
    const { cpu } = setup(CORTEX_A9, [WFI, NOP, WFI, B_SELF]);
    expect(cpu.run(10)).toBe(StopReason.Wfi);
    expect(cpu.S[S.PC]).toBe(0x104);
    cpu.setIrq(1);
    expect(cpu.interruptPending()).toBe(true); // wakes WFI although I is masked after reset
    expect(cpu.run(3)).toBe(StopReason.Budget);
    expect(cpu.S[S.MODE]).toBe(0x13); // ... and is not taken
    expect(cpu.S[S.PC]).toBe(0x10c);
  });
  it('an unmasked IRQ is taken between instructions with LR = next + 4', () => {
    const { cpu } = setup(CORTEX_A9, [0xe321f053, NOP, NOP]); // msr cpsr_c, #0x53
    cpu.setIrq(1);
    cpu.run(1);
    expect(cpu.interruptPending()).toBe(true);
    cpu.run(1);
    expect(cpu.S[S.MODE]).toBe(0x12);
    expect(cpu.S[S.CURPC]).toBe(0x18); // the vector's first instruction ran in this step
    expect(cpu.R[14]).toBe(0x108);
  });
  it('requestStop ends a run early', () => {
    const { cpu } = setup(CORTEX_A9, [B_SELF]);
    cpu.requestStop();
    expect(cpu.run(1000)).toBe(StopReason.Budget);
    expect(cpu.instructionsRetired).toBe(0);
    expect(cpu.run(50)).toBe(StopReason.Budget);
    expect(cpu.instructionsRetired).toBe(50);
  });
});

describe('bus accesses', () => {
  it('instructionsRetired is exact at an MMIO access', () => {
    const { cpu, bus, env } = setup(CORTEX_A15, [NOP, NOP, STR_R0_R1, B_SELF]);
    cpu.R[1] = bus.outAddr;
    let seen = -1;
    bus.extraWrite = null;
    const orig = bus.mmioWrite.bind(bus);
    bus.mmioWrite = (pa, size, v) => { seen = env.clock.nowNs(); orig(pa, size, v); };
    cpu.run(100);
    expect(seen).toBe(3);
    expect(cpu.instructionsRetired).toBe(100);
  });
  it('a store by another vcpu to a reserved address makes STREX fail (shared monitor)', () => {
    const bus = new TestBus();
    bus.addRam(0, 0x10000);
    // ldrex r0, [r1]; strex r2, r3, [r1]; b .   (vcpu 0)     str r4, [r1]; b .   (vcpu 1)
    bus.load(0x100, new Uint8Array(Uint32Array.from([0xe1910f9f, 0xe1812f93, B_SELF]).buffer));
    bus.load(0x200, new Uint8Array(Uint32Array.from([0xe5814000, B_SELF]).buffer));
    const e0 = makeTestEnv(bus, 0), e1 = makeTestEnv(bus, 1);
    const c0 = new Arm32Cpu(CORTEX_A9, e0), c1 = new Arm32Cpu(CORTEX_A9, e1);
    c0.reset(0x100); c1.reset(0x200);
    for (const c of [c0, c1]) { c.R[1] = 0x1000; c.R[3] = 0x33; c.R[4] = 0x44; }
    c0.run(1); // LDREX
    c1.run(1); // STR to the same word
    c0.run(1); // STREX fails
    expect(c0.R[2]).toBe(1);
    expect(bus.read32(0x1000)).toBe(0x44);
    c0.reset(0x100); c0.R[1] = 0x1000; c0.R[3] = 0x33;
    c0.run(2);
    expect(c0.R[2]).toBe(0);
    expect(bus.read32(0x1000)).toBe(0x33);
  });
  it('an access no region covers is a logged synchronous external abort and the vcpu goes on', () => {
    const { cpu, env } = setup(CORTEX_A9, [LDR_R0_R1, B_SELF]);
    cpu.R[1] = 0x30000000;
    expect(cpu.run(5)).toBe(StopReason.Budget);
    expect(cpu.S[S.MODE]).toBe(0x17);
    expect(cpu.C[C.DFSR]).toBe(0x8);
    expect(cpu.C[C.DFAR]).toBe(0x30000000);
    expect(cpu.R[14]).toBe(0x108);
    expect(env.logs.some((l) => l.startsWith('guest:') && l.includes('0x30000000') && l.includes('no region'))).toBe(true);
    expect(cpu.haltReason).toBe('');
  });
  it('the long-descriptor status of an external abort is 0x210 when TTBCR.EAE is set', () => {
    const { cpu } = setup(CORTEX_A15, [LDR_R0_R1, B_SELF]);
    cpu.C[C.TTBCR] = 0x80000000 | 0;
    cpu.R[1] = 0x30000000;
    cpu.run(2);
    expect(cpu.C[C.DFSR]).toBe(0x210);
  });
  it('a CPSR write selecting a mode the model lacks is logged and ignored', () => {
    const { cpu, env } = setup(CORTEX_A9, [0xe321f0d6, NOP]); // msr cpsr_c, #0xd6 (monitor)
    cpu.run(2);
    expect(cpu.S[S.MODE]).toBe(0x13);
    expect(env.logs.some((l) => l.includes('mode 0x16 not present on cortex-a9'))).toBe(true);
  });
});

describe('CP15 and the trap configuration', () => {
  it('an unimplemented CP15 register is UNDEFINED and logged with its name and pc', () => {
    const { cpu } = setup(CORTEX_A9, [0xee1f0f1f, B_SELF]); // mrc p15, 0, r0, c15, c15, 0: implementation defined, RAZ
    cpu.run(1);
    expect(cpu.S[S.MODE]).toBe(0x13);
    const b = setup(CORTEX_A9, [0xee140f10, B_SELF]); // mrc p15, 0, r0, c4, c0, 0
    b.cpu.run(1);
    expect(b.cpu.S[S.MODE]).toBe(0x1b);
    expect(b.env.logs.some((l) => l.startsWith('unimp:') && l.includes('p15, 0, c4, c0, 0') && l.includes('0x100'))).toBe(true);
  });
  it('SCTLR bits the model does not implement are logged when set', () => {
    const { cpu, env } = setup(ARM926EJS, [0xee010f10, B_SELF]); // mcr p15, 0, r0, c1, c0, 0
    cpu.R[0] = ARM926EJS.sctlrReset | 0x80;
    cpu.run(1);
    expect(env.logs.some((l) => l.startsWith('unimp:') && l.includes('SCTLR.B') && l.includes('pc 0x100'))).toBe(true);
  });
  it('the hypervisor hook sees CP15 accesses first and can consume them', () => {
    const { cpu } = setup(CORTEX_A15, [0xee100f10, 0xee010f10, B_SELF]); // mrc MIDR; mcr SCTLR
    const seen: string[] = [];
    cpu.traps.cp15 = (write, crn, opc1, crm, opc2, value) => {
      seen.push(`${write ? 'w' : 'r'} c${crn} ${opc1} c${crm} ${opc2} ${value}`);
      return crn === 0 ? 0x1234 : 0;
    };
    cpu.R[0] = 0;
    cpu.run(2);
    expect(cpu.R[0]).toBe(0x1234);
    expect(seen).toEqual(['r c0 0 c0 0 0', 'w c1 0 c0 0 4660']);
    expect(cpu.C[C.SCTLR]).toBe(CORTEX_A15.sctlrReset);
  });
  it('the PMU cycle counter counts retired instructions while enabled and survives save/restore', () => {
    const prog = [0xee090f1c, 0xee091f3c, NOP, NOP, NOP, 0xee192f1d, B_SELF]; // PMCR=1, PMCNTENSET=C, 3 nops, mrc PMCCNTR
    const { cpu } = setup(CORTEX_A9, prog);
    cpu.R[0] = 1; cpu.R[1] = 0x80000000 | 0;
    cpu.run(6);
    expect(cpu.R[2]).toBe(4); // the three NOPs and the MRC itself, counted from the enabling write
    const b = setup(CORTEX_A9, prog);
    b.cpu.restore(cpu.save());
    expect(b.cpu.pmu).toEqual(cpu.pmu);
  });
  it('with the WFI trap off, WFI completes without stopping', () => {
    const { cpu } = setup(CORTEX_A15, [WFI, NOP, B_SELF]);
    cpu.traps.wfi = false;
    expect(cpu.run(2)).toBe(StopReason.Budget);
    expect(cpu.S[S.PC]).toBe(0x108);
  });
  it('CPACR and FPEXC exist; other CP10 accesses and VFP data instructions are UNDEFINED', () => {
    // mrc p10, 7, r0, c8, c0, 0 (VMRS FPEXC) with CPACR cp10/cp11 disabled: UNDEFINED.
    const a = setup(CORTEX_A9, [0xeef80a10, B_SELF]);
    a.cpu.run(1);
    expect(a.cpu.S[S.MODE]).toBe(0x1b);
    // Enable cp10/cp11 at PL1 (CPACR = 0x00500000), then VMSR FPEXC, r1 and VMRS r0, FPEXC.
    const b = setup(CORTEX_A9, [0xee012f50, 0xeee81a10, 0xeef80a10, 0xeef00a10, B_SELF]);
    b.cpu.R[1] = 0x40000000;
    b.cpu.R[2] = 0x00500000;
    b.cpu.run(3);
    expect(b.cpu.C[C.CPACR]).toBe(0x00500000);
    expect(b.cpu.R[0]).toBe(0x40000000);
    b.cpu.run(1); // VMRS r0, FPSID: no VFP, UNDEFINED
    expect(b.cpu.S[S.MODE]).toBe(0x1b);
  });
});

describe('state', () => {
  it('save/restore round-trips the whole architectural state', () => {
    const a = setup(ARM926EJS, [ADD_R1_R0_1, 0xe2811001, 0xe2811001, B_SELF]);
    a.cpu.run(1);
    const saved = JSON.parse(JSON.stringify(a.cpu.save())) as { version: number };
    const b = setup(ARM926EJS, [ADD_R1_R0_1, 0xe2811001, 0xe2811001, B_SELF]);
    b.cpu.restore(saved);
    a.cpu.run(2); b.cpu.run(2);
    expect(b.cpu.R[1]).toBe(3);
    expect(Array.from(b.cpu.R)).toEqual(Array.from(a.cpu.R));
    expect(b.cpu.readCpsr()).toBe(a.cpu.readCpsr());
    expect(b.cpu.instructionsRetired).toBe(a.cpu.instructionsRetired);
  });
  it('restore refuses bad input with a message naming the problem', () => {
    const { cpu } = setup(CORTEX_A15, [B_SELF]);
    const good = cpu.save();
    expect(() => cpu.restore({ ...good, version: 2 })).toThrow(/version 2/);
    expect(() => cpu.restore({ ...good, model: 'cortex-a9' })).toThrow(/model cortex-a9/);
    expect(() => cpu.restore({ ...good, R: [1, 2] })).toThrow(/field R/);
    const S2 = (good.S as number[]).slice(); S2[S.MODE] = 0x16;
    expect(() => cpu.restore({ ...good, S: S2 })).toThrow(/invalid mode/);
    expect(() => cpu.restore({ ...good, timer: { cntkctl: 'x' } })).toThrow(/cntkctl/);
  });
  it('gdb registers and the register dump', () => {
    const { cpu } = setup(CORTEX_A9, [B_SELF]);
    cpu.writeGdbRegister(3, 0xdeadbeef, 0);
    expect(cpu.readGdbRegister(3)).toEqual([0xdeadbeef, 0]);
    expect(cpu.readGdbRegister(15)).toEqual([0x100, 0]);
    expect(cpu.readGdbRegister(25)[0] & 0x1f).toBe(0x13);
    expect(cpu.dumpRegisters()).toMatch(/r3=deadbeef[\s\S]*cpsr=/);
  });
});

describe('models', () => {
  it('serve the vcpu compatible strings with their config symbols', () => {
    const all = [...arm32Models, ...arm32veModels];
    const by = Object.fromEntries(all.flatMap((m) => m.compatible.map((c) => [c, m])));
    expect(Object.keys(by).sort()).toEqual(['armv5te,arm926ej-s', 'armv6k,arm11mpcore', 'armv7a,cortex-a15', 'armv7a,cortex-a7',
      'armv7a,cortex-a8', 'armv7a,cortex-a9', 'armv7a,generic']);
    expect(by['armv5te,arm926ej-s']!.configSymbol).toBe('CONFIG_CPU_ARMV5');
    expect(by['armv6k,arm11mpcore']!.configSymbol).toBe('CONFIG_CPU_ARMV6');
    expect(by['armv7a,cortex-a9']!.configSymbol).toBe('CONFIG_CPU_ARMV7A');
    expect(by['armv7a,cortex-a15']!.configSymbol).toBe('CONFIG_CPU_ARMV7A_VE');
    expect(by['armv7a,cortex-a15']!.hasGenericTimer).toBe(true);
    expect(by['armv7a,cortex-a9']!.hasGenericTimer).toBe(false);
    const bus = new TestBus();
    const cpu = by['armv7a,cortex-a7']!.create(makeTestEnv(bus));
    expect(cpu.model).toBe('cortex-a7');
  });
  it('report their MIDR through CP15', () => {
    for (const [f, midr] of [[ARM926EJS, 0x41069265], [CORTEX_A9, 0x410fc090], [CORTEX_A15, 0x412fc0f1]] as const) {
      const { cpu } = setup(f, [0xee100f10, B_SELF]); // mrc p15, 0, r0, c0, c0, 0
      cpu.run(1);
      expect(cpu.R[0]! >>> 0).toBe(midr);
    }
  });
});
