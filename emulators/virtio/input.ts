// virtio input device (a keyboard), per VIRTIO 1.2, 5.8 "Input Device":
// queue 0 eventq carries struct virtio_input_event { le16 type; le16 code;
// le32 value; } to the driver, queue 1 statusq carries events back (LED
// state); the configuration space is select/subsel/size plus a 128-byte
// union that answers the query the driver selected (5.8.4).
//
// Key presses enter through pressKey(code, down), which sends EV_KEY then
// EV_SYN, the way evdev frames one change. Nothing calls it yet: a host
// keyboard driver is meant to feed it later. Events wait in a bounded queue
// while the driver has posted no buffer; when it is full the oldest event is
// dropped and counted, since a keyboard that lags is better than one whose
// newest keys vanish. Status events are read and completed; the keyboard has
// no LEDs to light, so their contents are not acted on.

import type { AccessSize, EmulatorContext } from '../../core/devemu/emulator.ts';
import { EmuStateError, LogKind, type EmuState } from '../../core/devemu/emulator.ts';
import { checkVersion, stateU32, stateU32Array } from '../common/state.ts';
import { DeviceId } from './regs.ts';
import type { VirtioBackend, VirtioTransport } from './mmio.ts';

/** virtio_input_config_select (5.8.2). */
export const enum InputCfg {
  Unset = 0x00,
  IdName = 0x01,
  IdSerial = 0x02,
  IdDevids = 0x03,
  PropBits = 0x10,
  EvBits = 0x11,
  AbsInfo = 0x12,
}

/** Linux input event types and codes used here (the evdev numbering the spec refers to). */
export const EV_SYN = 0x00;
export const EV_KEY = 0x01;
export const EV_REP = 0x14;
export const SYN_REPORT = 0;
export const BUS_VIRTUAL = 0x06;

export const INPUT_NAME = 'Xvisor-TS virtio keyboard';
export const INPUT_SERIAL = 'XVTS-KBD-0';
/** struct virtio_input_devids: bustype, vendor, product, version. */
export const INPUT_DEVIDS = [BUS_VIRTUAL, 0x0001, 0x0001, 0x0001] as const;
/** Highest key code offered: a PC keyboard's codes are 1..255. */
const MAX_KEY = 255;

const EVENTQ = 0;
const STATUSQ = 1;
const QUEUE_SIZE = 64;
const EVENT_BYTES = 8;
const MAX_CHAIN = 4096;
/** Pending events kept while the driver has no buffer posted. */
export const INPUT_BACKLOG = 128;
const CONFIG_BYTES = 8 + 128;
const STATE_VERSION = 1;

export class VirtioInput implements VirtioBackend {
  readonly deviceId = DeviceId.Input;
  readonly featuresLo = 0;
  readonly featuresHi = 0;
  readonly queueSizes = [QUEUE_SIZE, QUEUE_SIZE];
  readonly maxChainBytes = MAX_CHAIN;
  /** Events dropped because the backlog was full. */
  dropped = 0;
  private t!: VirtioTransport;
  private readonly config = new Uint8Array(CONFIG_BYTES);
  private readonly cfgView = new DataView(this.config.buffer);
  /** Backlog ring: type<<16|code and value of each pending event. */
  private readonly evTypeCode = new Uint32Array(INPUT_BACKLOG);
  private readonly evValue = new Uint32Array(INPUT_BACKLOG);
  private head = 0;
  private count = 0;
  private readonly one = new Uint8Array(EVENT_BYTES);
  private readonly oneView = new DataView(this.one.buffer);

  constructor(private readonly ctx: EmulatorContext) {}

  attach(t: VirtioTransport): void {
    this.t = t;
  }

  /** A key went down (down = true) or up; code is a Linux key code 1..255. */
  pressKey(code: number, down: boolean): void {
    if (!Number.isInteger(code) || code < 1 || code > MAX_KEY) {
      this.ctx.log.log(LogKind.Info, `${this.ctx.nodePath}: key code ${code} is outside 1..${MAX_KEY}; ignored`);
      return;
    }
    this.enqueue(EV_KEY, code, down ? 1 : 0);
    this.enqueue(EV_SYN, SYN_REPORT, 0);
    this.flush();
  }

  /** Events waiting for a driver buffer. */
  get pending(): number {
    return this.count;
  }

  private enqueue(type: number, code: number, value: number): void {
    if (this.count === INPUT_BACKLOG) {
      this.head = (this.head + 1) % INPUT_BACKLOG;
      this.count--;
      this.dropped++;
    }
    const i = (this.head + this.count) % INPUT_BACKLOG;
    this.evTypeCode[i] = ((type << 16) | code) >>> 0;
    this.evValue[i] = value >>> 0;
    this.count++;
  }

  private flush(): void {
    while (this.count > 0 && this.t.live) {
      const c = this.t.pop(EVENTQ);
      if (!c) return;
      if (c.writableBytes < EVENT_BYTES) return this.t.fail(`eventq buffer of ${c.writableBytes} bytes is smaller than an event (${EVENT_BYTES})`);
      const tc = this.evTypeCode[this.head]!;
      this.oneView.setUint16(0, tc >>> 16, true);
      this.oneView.setUint16(2, tc & 0xffff, true);
      this.oneView.setUint32(4, this.evValue[this.head]!, true);
      if (!c.write(this.t.dma, this.one)) return this.t.fail('eventq buffer outside guest RAM');
      this.head = (this.head + 1) % INPUT_BACKLOG;
      this.count--;
      this.t.complete(EVENTQ, c, EVENT_BYTES);
    }
  }

  /** Fills the union for the current select/subsel and sets size (0 = no such information). */
  private answer(): void {
    const sel = this.config[0]!;
    const sub = this.config[1]!;
    this.config.fill(0, 2);
    let size = 0;
    const u = 8;
    const str = (s: string) => {
      for (let i = 0; i < s.length; i++) this.config[u + i] = s.charCodeAt(i) & 0x7f;
      size = s.length;
    };
    switch (sel) {
      case InputCfg.IdName:
        if (sub === 0) str(INPUT_NAME);
        break;
      case InputCfg.IdSerial:
        if (sub === 0) str(INPUT_SERIAL);
        break;
      case InputCfg.IdDevids:
        if (sub === 0) {
          INPUT_DEVIDS.forEach((v, i) => this.cfgView.setUint16(u + 2 * i, v, true));
          size = 8;
        }
        break;
      case InputCfg.PropBits:
        break; // no input properties: an empty bitmap has size 0
      case InputCfg.EvBits:
        if (sub === EV_KEY) {
          for (let code = 1; code <= MAX_KEY; code++) this.config[u + (code >> 3)] = this.config[u + (code >> 3)]! | (1 << (code & 7));
          size = (MAX_KEY >> 3) + 1;
        } else if (sub === EV_REP) {
          // Autorepeat is done by the guest's input layer; the bit tells it to.
          this.config[u] = 0x03; // REP_DELAY, REP_PERIOD
          size = 1;
        }
        break;
      // AbsInfo: a keyboard has no absolute axes. Unset and unknown selects: size 0.
    }
    this.config[2] = size;
  }

  configRead(offset: number, size: AccessSize): number {
    if (offset + size > CONFIG_BYTES) {
      this.t.log(LogKind.GuestError, `config read at 0x${offset.toString(16)} beyond the ${CONFIG_BYTES}-byte input configuration`);
      return 0;
    }
    if (size === 1) return this.config[offset]!;
    if (size === 2) return this.cfgView.getUint16(offset, true);
    return this.cfgView.getUint32(offset, true);
  }

  configWrite(offset: number, size: AccessSize, value: number): void {
    // Only select (byte 0) and subsel (byte 1) are driver-writable (5.8.4).
    if (offset > 1 || offset + size > 2) {
      this.t.log(LogKind.GuestError, `config write at 0x${offset.toString(16)} (${size} bytes): only select and subsel are writable`);
      return;
    }
    for (let i = 0; i < size; i++) this.config[offset + i] = (value >>> (8 * i)) & 0xff;
    this.answer();
  }

  notify(queue: number): void {
    if (queue === EVENTQ) return this.flush();
    for (let c = this.t.pop(STATUSQ); c; c = this.t.pop(STATUSQ)) {
      if (!c.readAll(this.t.dma)) return this.t.fail('statusq buffer outside guest RAM');
      this.t.complete(STATUSQ, c, 0);
    }
  }

  driverOk(): void {
    this.flush();
  }

  reset(): void {
    this.config.fill(0);
    this.head = 0;
    this.count = 0;
  }

  save(): unknown {
    const ev: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % INPUT_BACKLOG;
      ev.push(this.evTypeCode[i]!, this.evValue[i]!);
    }
    return { version: STATE_VERSION, select: this.config[0]!, subsel: this.config[1]!, dropped: this.dropped, events: ev };
  }

  restore(s: unknown): void {
    const d = 'virtio-input';
    const st = s as EmuState;
    checkVersion(st, d, STATE_VERSION);
    const select = stateU32(st, d, 'select');
    const subsel = stateU32(st, d, 'subsel');
    const dropped = stateU32(st, d, 'dropped');
    const ev = stateU32Array(st, d, 'events');
    if (select > 0xff || subsel > 0xff) throw new EmuStateError(`${d}: state select/subsel is not a byte`);
    if (ev.length % 2 !== 0 || ev.length / 2 > INPUT_BACKLOG) throw new EmuStateError(`${d}: state events is not up to ${INPUT_BACKLOG} pairs`);
    this.config[0] = select;
    this.config[1] = subsel;
    this.answer();
    this.dropped = dropped;
    this.head = 0;
    this.count = ev.length / 2;
    for (let k = 0; k < this.count; k++) {
      this.evTypeCode[k] = ev[2 * k]!;
      this.evValue[k] = ev[2 * k + 1]!;
    }
  }
}
