// Small emulators for core tests: a UART-like device with a timer, a random
// register and a register that throws (to test confinement), and an
// interrupt controller that ORs its inputs onto vcpu IRQ lines through the
// InterruptSink registration.

import type { CharPort, EmuDevice, EmuState, EmuTimer, Emulator, EmulatorContext, IrqLine } from '../devemu/emulator.ts';

export const enum FakeUartReg {
  DATA = 0x00,
  STATUS = 0x04,
  TIMER = 0x08,
  ACK = 0x0c,
  COUNT = 0x10,
  RANDOM = 0x14,
  THROW = 0x18,
  NOW = 0x1c,
  POWEROFF = 0x20,
  RESET = 0x24,
}

class FakeUart implements EmuDevice {
  readonly accessSizes = [4] as const;
  private readonly rx: number[] = [];
  private timerFired = 0;
  private fires = 0;
  private readonly timer: EmuTimer;
  private readonly port: CharPort;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly irq: IrqLine | undefined,
  ) {
    this.port = ctx.charPort();
    this.port.setReceiver((b) => {
      if (this.rx.length >= 4) return false;
      this.rx.push(b);
      this.updateIrq();
      return true;
    });
    this.timer = ctx.clock.createTimer('tick', () => {
      this.timerFired = 1;
      this.fires++;
      this.updateIrq();
    });
  }

  private updateIrq(): void {
    this.irq?.set(this.timerFired | (this.rx.length > 0 ? 1 : 0));
  }

  read(offset: number): number {
    switch (offset) {
      case FakeUartReg.DATA: {
        const b = this.rx.shift() ?? 0;
        this.updateIrq();
        this.port.notifyRoom();
        return b;
      }
      case FakeUartReg.STATUS:
        return (this.rx.length > 0 ? 1 : 0) | (this.timerFired << 1);
      case FakeUartReg.COUNT:
        return this.fires;
      case FakeUartReg.RANDOM:
        return Math.floor(this.ctx.random() * 4294967296) >>> 0;
      case FakeUartReg.NOW:
        return this.ctx.clock.nowNs() >>> 0;
      default:
        return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    switch (offset) {
      case FakeUartReg.DATA:
        this.port.send(value & 0xff);
        break;
      case FakeUartReg.TIMER:
        this.timer.startIn(value);
        break;
      case FakeUartReg.ACK:
        this.timerFired = 0;
        this.updateIrq();
        break;
      case FakeUartReg.THROW:
        throw new Error('fake uart exploded');
      case FakeUartReg.POWEROFF:
        this.ctx.requestGuestPowerOff();
        break;
      case FakeUartReg.RESET:
        this.ctx.requestGuestReset();
        break;
    }
  }

  reset(): void {
    this.rx.length = 0;
    this.timerFired = 0;
    this.fires = 0;
    this.timer.stop();
    this.updateIrq();
  }

  save(): EmuState {
    return { version: 1, rx: this.rx.slice(), timerFired: this.timerFired, fires: this.fires, timer: this.timer.pending ? this.timer.expiry : -1 };
  }

  restore(s: EmuState): void {
    if (s.version !== 1) throw new Error(`${this.ctx.nodePath}: state version ${s.version}, expected 1`);
    this.rx.splice(0, this.rx.length, ...(s.rx as number[]));
    this.timerFired = s.timerFired as number;
    this.fires = s.fires as number;
    if ((s.timer as number) >= 0) this.timer.startAt(s.timer as number);
    else this.timer.stop();
    this.updateIrq();
  }
}

export const fakeUartEmulator: Emulator = {
  name: 'fake-uart',
  deviceType: 'serial',
  compatible: [{ compatible: 'fake,uart' }],
  configSymbol: 'CONFIG_EMU_FAKE_UART',
  probe(ctx) {
    const n = ctx.interrupts[0];
    return new FakeUart(ctx, n === undefined ? undefined : ctx.irq(n));
  },
};

class FakePic implements EmuDevice {
  readonly accessSizes = [4] as const;
  private readonly levels: Uint8Array;

  constructor(private readonly ctx: EmulatorContext) {
    this.levels = new Uint8Array(64 * Math.max(1, ctx.vcpuCount));
    ctx.setInterruptSink!({ setLevel: (irq, level, vcpu) => this.setLevel(irq, level, vcpu ?? 0) });
  }

  private setLevel(irq: number, level: number, vcpu: number): void {
    this.levels[vcpu * 64 + irq] = level ? 1 : 0;
    this.update(vcpu);
  }

  private update(vcpu: number): void {
    let any = 0;
    for (let i = 0; i < 64; i++) any |= this.levels[vcpu * 64 + i];
    this.ctx.vcpuIrq[vcpu]?.irq.set(any);
  }

  read(offset: number, _size: number, vcpu = 0): number {
    if (offset !== 0) return 0;
    let m = 0;
    for (let i = 0; i < 32; i++) m |= this.levels[vcpu * 64 + i] << i;
    return m >>> 0;
  }

  write(): void {}

  reset(): void {}

  save(): EmuState {
    return { version: 1, levels: Array.from(this.levels) };
  }

  restore(s: EmuState): void {
    this.levels.set(s.levels as number[]);
    for (let v = 0; v < this.ctx.vcpuCount; v++) this.update(v);
  }
}

export const fakePicEmulator: Emulator = {
  name: 'fake-pic',
  deviceType: 'pic',
  compatible: [{ compatible: 'fake,pic' }],
  configSymbol: 'CONFIG_EMU_FAKE_PIC',
  probe: (ctx) => new FakePic(ctx),
};
