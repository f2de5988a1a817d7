// A scripted CPU backend for core tests: each vcpu runs a list of ops
// (retire N instructions, WFI, HVC with arguments, MMIO, RAM stores, jumps,
// test callbacks) instead of decoding guest code. It keeps the CpuBackend
// contract that matters to the core: exact retired count, requestStop,
// level-sensitive IRQ with a vector and return, hypercall args and results.

import { StopReason, type CpuBackend, type CpuEnv, type CpuModel } from '../../arch/arm/cpu/common/cpu-backend.ts';

export type FakeOp =
  | { op: 'run'; n: number }
  | { op: 'wfi' }
  | { op: 'hvc' | 'smc'; args: readonly number[]; argsHi?: readonly number[] }
  | { op: 'write'; addr: number; size: 1 | 2 | 4 | 8; value: number; hi?: number }
  | { op: 'read'; addr: number; size: 1 | 2 | 4 | 8 }
  | { op: 'print'; addr: number; text: string }
  | { op: 'store'; addr: number; value: number }
  | { op: 'jump'; to: number }
  | { op: 'irqOn' }
  | { op: 'eret' }
  | { op: 'halt'; reason: string }
  | { op: 'fn'; fn: (cpu: FakeCpu) => void };

export class FakeCpu implements CpuBackend {
  readonly model = 'fake';
  instructionsRetired = 0;
  pc = 0;
  /** Progress inside a multi-step op (run n, print). */
  partial = 0;
  irqLevel = 0;
  fiqLevel = 0;
  irqEnabled = false;
  inIrq = false;
  retPc = 0;
  entry = 0;
  bootRegs: number[] = [];
  lastRead = 0;
  lastReadHi = 0;
  faults = 0;
  results: number[] = [];
  irqsTaken = 0;
  haltReason = '';
  readonly gdbRegisterCount = 1;
  private stopAsked = false;
  private hcArgs: readonly number[] = [];
  private hcArgsHi: readonly number[] = [];

  constructor(
    readonly env: CpuEnv,
    readonly script: readonly FakeOp[],
    /** Script index of the IRQ handler (-1: none). */
    readonly irqVector = -1,
  ) {}

  reset(entry: number, bootRegs: readonly number[] = []): void {
    this.entry = entry;
    this.bootRegs = bootRegs.slice();
    this.pc = entry;
    this.partial = 0;
    this.irqEnabled = false;
    this.inIrq = false;
    this.haltReason = '';
  }

  requestStop(): void {
    this.stopAsked = true;
  }

  setIrq(level: number): void {
    this.irqLevel = level ? 1 : 0;
  }

  setFiq(level: number): void {
    this.fiqLevel = level ? 1 : 0;
  }

  interruptPending(): boolean {
    return this.irqLevel === 1 && this.irqEnabled && !this.inIrq && this.irqVector >= 0;
  }

  hypercallArg(n: number): number {
    return this.hcArgs[n] ?? 0;
  }

  hypercallArgHi(n: number): number {
    return this.hcArgsHi[n] ?? 0;
  }

  completeHypercall(results: readonly number[]): void {
    this.results = results.slice();
  }

  run(budget: number): StopReason {
    this.stopAsked = false;
    const bus = this.env.bus;
    let left = budget;
    while (left > 0) {
      if (this.stopAsked) return StopReason.Budget;
      if (this.interruptPending()) {
        this.retPc = this.pc;
        this.pc = this.irqVector;
        this.partial = 0;
        this.inIrq = true;
        this.irqsTaken++;
      }
      const op = this.script[this.pc];
      if (op === undefined) {
        this.haltReason = `fell off the script at ${this.pc}`;
        return StopReason.Halted;
      }
      if (op.op === 'run') {
        const k = Math.min(left, op.n - this.partial);
        this.instructionsRetired += k;
        left -= k;
        this.partial += k;
        if (this.partial >= op.n) {
          this.partial = 0;
          this.pc++;
        }
        continue;
      }
      if (op.op === 'print') {
        bus.mmioWrite(op.addr, 4, op.text.charCodeAt(this.partial), 0, this.env.vcpuIndex);
        if (bus.fault) this.faults++;
        this.instructionsRetired++;
        left--;
        if (++this.partial >= op.text.length) {
          this.partial = 0;
          this.pc++;
        }
        continue;
      }
      this.instructionsRetired++;
      left--;
      this.pc++;
      switch (op.op) {
        case 'wfi':
          if (!this.interruptPending()) return StopReason.Wfi;
          break;
        case 'hvc':
        case 'smc':
          this.hcArgs = op.args;
          this.hcArgsHi = op.argsHi ?? [];
          return op.op === 'hvc' ? StopReason.Hvc : StopReason.Smc;
        case 'write':
          bus.mmioWrite(op.addr, op.size, op.value, op.hi ?? 0, this.env.vcpuIndex);
          if (bus.fault) this.faults++;
          break;
        case 'read':
          this.lastRead = bus.mmioRead(op.addr, op.size, this.env.vcpuIndex);
          this.lastReadHi = bus.dataHi;
          if (bus.fault) this.faults++;
          break;
        case 'store':
          if (bus.ramLookup(op.addr) && bus.hitWritable) bus.hitView.setUint32(bus.hitOffset + (op.addr & 0xfff), op.value, true);
          else this.faults++;
          break;
        case 'jump':
          this.pc = op.to;
          break;
        case 'irqOn':
          this.irqEnabled = true;
          break;
        case 'eret':
          this.pc = this.retPc;
          this.inIrq = false;
          break;
        case 'halt':
          this.haltReason = op.reason;
          return StopReason.Halted;
        case 'fn':
          op.fn(this);
          break;
      }
    }
    return StopReason.Budget;
  }

  flushCaches(): void {}

  readGdbRegister(n: number): [number, number] {
    if (n !== 0) throw new RangeError(`fake cpu: no register ${n}`);
    return [this.pc, 0];
  }

  writeGdbRegister(n: number, lo: number): void {
    if (n !== 0) throw new RangeError(`fake cpu: no register ${n}`);
    this.pc = lo;
  }

  dumpRegisters(): string {
    return `pc=${this.pc} retired=${this.instructionsRetired}`;
  }

  save(): { version: number; [k: string]: unknown } {
    return {
      version: 1, pc: this.pc, partial: this.partial, retired: this.instructionsRetired, irqLevel: this.irqLevel,
      irqEnabled: this.irqEnabled, inIrq: this.inIrq, retPc: this.retPc, entry: this.entry, bootRegs: this.bootRegs,
      irqsTaken: this.irqsTaken,
    };
  }

  restore(s: { version: number; [k: string]: unknown }): void {
    if (s.version !== 1) throw new Error(`fake cpu: state version ${s.version}, expected 1`);
    this.pc = s.pc as number;
    this.partial = s.partial as number;
    this.instructionsRetired = s.retired as number;
    this.irqLevel = s.irqLevel as number;
    this.irqEnabled = s.irqEnabled as boolean;
    this.inIrq = s.inIrq as boolean;
    this.retPc = s.retPc as number;
    this.entry = s.entry as number;
    this.bootRegs = (s.bootRegs as number[]).slice();
    this.irqsTaken = s.irqsTaken as number;
  }
}

/** A CpuModel whose vcpus run script(vcpuIndex). */
export function fakeCpuModel(
  script: (vcpuIndex: number) => readonly FakeOp[],
  opts: { compatible?: string; arch?: 'arm32' | 'arm64'; irqVector?: number; name?: string } = {},
): CpuModel & { readonly cpus: FakeCpu[] } {
  const cpus: FakeCpu[] = [];
  return {
    compatible: [opts.compatible ?? 'fake,cpu'],
    name: opts.name ?? 'fake',
    arch: opts.arch ?? 'arm64',
    hasGenericTimer: false,
    configSymbol: 'CONFIG_CPU_FAKE',
    cpus,
    create(env: CpuEnv): CpuBackend {
      const c = new FakeCpu(env, script(env.vcpuIndex), opts.irqVector ?? -1);
      cpus.push(c);
      return c;
    },
  };
}
