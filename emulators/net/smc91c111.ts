// SMSC LAN91C111 10/100 Ethernet MAC + PHY, per the SMSC LAN91C111
// datasheet: chapter 8 "Registers" (four banks of 16 bytes selected by the
// Bank Select Register at offset 0xE, whose high byte reads 0x33), the MMU
// of 8 KB packet memory in four 2 KB packets (ALLOCATE / RELEASE / ENQUEUE
// commands, TX, TX-completion and RX FIFOs of packet numbers), the packet
// format (status word, byte count, data, control byte with ODD), the data
// register with its 11-bit auto-incrementing pointer, and the interrupt
// status / acknowledge / mask bytes. MII management goes to the internal
// PHY (smc91c111-phy.ts).
//
// Connects: one MMIO window (the chip decodes A3:A0, so the 16 bytes repeat
// across the region), the interrupt on ctx.interrupts[0], and a port of the
// virtual switch named by the node's `switch` attribute
// (ctx.service('net-switch', name)); an empty `switch` is a NIC without a
// cable: link down, transmitted frames dropped, nothing received.
// MAC: the node's `mac` attribute, else derived from guest and node names.
//
// Bad programming stays inside the device: the pointer is 11 bits and wraps
// inside its 2 KB packet; a packet number beyond the four packets, an empty
// RX FIFO under RCV, ENQUEUE into a full TX FIFO and a transmit byte count
// below 6 are logged as guest errors and touch no memory; an ALLOCATE with
// no free packet sets FAILED and completes when a packet is released.
// Transmission is instant and always succeeds (no collisions); frames are
// sent without FCS and received frames carry a computed FCS unless
// STRIP_CRC. Not modelled: EEPROM (STORE/RELOAD complete at once), early
// receive/transmit, EPH_INT and MD_INT, collision counters (read 0),
// multicast hash filtering (any multicast table bit or ALMUL accepts all
// multicast), the READ bit of the pointer register, the 256-byte page
// count of ALLOCATE (the LAN91C111 hands out whole 2 KB packets).

import type { AccessSize, EmuDevice, EmuState, Emulator, EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { EmuStateError, LogKind } from '../../core/devemu/emulator.ts';
import { NET_SWITCH_SERVICE, type NetPort, type NetSwitch } from '../../core/devemu/host-services.ts';
import { checkVersion, stateU32, stateU32Array } from '../common/state.ts';
import { Smc91c111Phy } from './smc91c111-phy.ts';

export const PACKETS = 4;
export const PACKET_BYTES = 2048;
export const CHIP_REVISION = 0x3391; // chip ID 9 (LAN91C111), revision 1; high byte reads 0x33

// Bank 0
export const TCR_TXENA = 1 << 0;
export const TCR_PAD_EN = 1 << 7;
export const RCR_PRMS = 1 << 1;
export const RCR_ALMUL = 1 << 2;
export const RCR_RXEN = 1 << 8;
export const RCR_STRIP_CRC = 1 << 9;
export const RCR_SOFT_RST = 1 << 15;
export const EPH_TX_SUC = 1 << 0;
export const EPH_LINK_OK = 1 << 14;
// Bank 1
export const CTL_AUTO_RELEASE = 1 << 11;
// Bank 2
export const enum MmuCmd {
  Noop = 0,
  Alloc = 1,
  ResetMmu = 2,
  RemoveRx = 3,
  RemoveReleaseRx = 4,
  Release = 5,
  Enqueue = 6,
  ResetTx = 7,
}
export const ARR_FAILED = 0x80;
export const FIFO_EMPTY = 0x80;
export const PTR_AUTO_INCR = 1 << 14;
export const PTR_RCV = 1 << 15;
export const PTR_READ = 1 << 13;
export const INT_RCV = 1 << 0;
export const INT_TX = 1 << 1;
export const INT_TX_EMPTY = 1 << 2;
export const INT_ALLOC = 1 << 3;
export const INT_RX_OVRN = 1 << 4;
/** Bits that the acknowledge register clears (the others follow device state). */
const INT_ACKABLE = INT_TX | INT_TX_EMPTY | INT_RX_OVRN | 0x40 | 0x80;
// Packet format
export const CTRL_ODD = 0x20;
export const RX_CTRL = 0x40;
export const RXS_MULTCAST = 1 << 0;
export const RXS_ODDFRM = 1 << 12;
export const RXS_BRODCAST = 1 << 14;

const MGMT_FIXED = 0x3330;

/** IEEE 802.3 FCS (CRC-32, reflected), bytes on the wire in order. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function ethernetFcs(data: Uint8Array, len: number): number {
  let c = 0xffffffff;
  for (let i = 0; i < len; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function parseMac(s: string, where: string): Uint8Array {
  const parts = s.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new Error(`${where}: mac "${s}" is not xx:xx:xx:xx:xx:xx`);
  return new Uint8Array(parts.map((p) => parseInt(p, 16)));
}

function stableMac(key: string): Uint8Array {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return new Uint8Array([0x52, 0x54, 0x00, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff]);
}

export class Smc91c111 implements EmuDevice {
  readonly accessSizes: readonly AccessSize[] = [1, 2, 4];
  readonly mac: Uint8Array;
  readonly link: boolean;
  /** Frames dropped: RX disabled, filtered out, no memory, too long, or no cable on transmit. */
  dropped = 0;
  private readonly mem = new Uint8Array(PACKETS * PACKET_BYTES);
  private readonly allocated = new Uint8Array(PACKETS);
  private readonly rxFifo: number[] = [];
  private readonly txFifo: number[] = [];
  private readonly txDone: number[] = [];
  private readonly phy: Smc91c111Phy;
  private bank = 0;
  private tcr = 0;
  private eph = 0;
  private rcr = 0;
  private rpcr = 0;
  private config = 0;
  private baseReg = 0;
  private readonly ia = new Uint8Array(6);
  private gp = 0;
  private control = 0;
  private pnr = 0;
  private arr = ARR_FAILED;
  private allocPending = false;
  private ptr = 0;
  private latched = 0;
  private mask = 0;
  private readonly mt = new Uint8Array(8);
  private mgmt = 0;
  private ercv = 0;
  private level = -1;

  constructor(private readonly ctx: EmulatorContext, private readonly line: IrqLine | undefined, private readonly port: NetPort | undefined) {
    const m = ctx.attrString('mac');
    this.mac = m ? parseMac(m, ctx.nodePath) : stableMac(`${ctx.guestName}/${ctx.nodeName}`);
    this.link = port !== undefined;
    this.phy = new Smc91c111Phy(this.link);
    port?.setReceiver((f) => this.receive(f));
    this.reset();
  }

  private guestError(msg: string): void {
    this.ctx.log.log(LogKind.GuestError, `${this.ctx.nodePath}: ${msg}`);
  }

  // ---- interrupts ----

  get interruptStatus(): number {
    return (
      (this.rxFifo.length ? INT_RCV : 0) | (this.txDone.length ? INT_TX : 0) | (this.arr & ARR_FAILED ? 0 : INT_ALLOC) | this.latched
    );
  }

  private updateIrq(): void {
    const l = this.interruptStatus & this.mask ? 1 : 0;
    if (l !== this.level) {
      this.level = l;
      this.line?.set(l);
    }
  }

  // ---- MMU ----

  private freeCount(): number {
    let n = 0;
    for (let i = 0; i < PACKETS; i++) if (!this.allocated[i]) n++;
    return n;
  }

  private takePacket(): number {
    for (let i = 0; i < PACKETS; i++) {
      if (!this.allocated[i]) {
        this.allocated[i] = 1;
        return i;
      }
    }
    return -1;
  }

  private release(p: number): void {
    this.allocated[p] = 0;
    if (this.allocPending) this.allocate();
  }

  private allocate(): void {
    const p = this.takePacket();
    if (p < 0) {
      this.arr = ARR_FAILED;
      this.allocPending = true;
    } else {
      this.arr = p;
      this.allocPending = false;
    }
  }

  private validPacket(p: number, what: string): boolean {
    if (p < PACKETS) return true;
    this.guestError(`${what}: packet number ${p} out of range (0-${PACKETS - 1})`);
    return false;
  }

  private mmuCommand(b: number): void {
    switch ((b >>> 5) & 7) {
      case MmuCmd.Noop:
        break;
      case MmuCmd.Alloc:
        this.allocate();
        break;
      case MmuCmd.ResetMmu:
        this.allocated.fill(0);
        this.rxFifo.length = this.txFifo.length = this.txDone.length = 0;
        this.pnr = 0;
        this.arr = ARR_FAILED;
        this.allocPending = false;
        break;
      case MmuCmd.RemoveRx:
      case MmuCmd.RemoveReleaseRx: {
        const p = this.rxFifo.shift();
        if (p === undefined) this.guestError('remove from an empty RX FIFO');
        else if (((b >>> 5) & 7) === MmuCmd.RemoveReleaseRx) this.release(p);
        break;
      }
      case MmuCmd.Release:
        if (this.validPacket(this.pnr, 'release')) this.release(this.pnr);
        break;
      case MmuCmd.Enqueue:
        if (!this.validPacket(this.pnr, 'enqueue')) break;
        if (this.txFifo.length >= PACKETS) {
          this.guestError(`enqueue of packet ${this.pnr} into a full TX FIFO`);
          break;
        }
        this.txFifo.push(this.pnr);
        this.transmitQueued();
        break;
      case MmuCmd.ResetTx:
        this.txFifo.length = this.txDone.length = 0;
        break;
    }
    this.updateIrq();
  }

  // ---- transmit ----

  private transmitQueued(): void {
    if (!(this.tcr & TCR_TXENA) || !this.txFifo.length) return;
    while (this.txFifo.length) this.transmit(this.txFifo.shift()!);
    this.latched |= INT_TX_EMPTY;
    this.updateIrq();
  }

  private transmit(p: number): void {
    const b = p * PACKET_BYTES;
    const count = (this.mem[b + 2]! | (this.mem[b + 3]! << 8)) & 0x7fe; // LSB taken as 0
    const ok = count >= 6;
    if (!ok) {
      this.guestError(`packet ${p}: transmit byte count ${count} is below 6`);
    } else {
      const odd = this.mem[b + count - 1]! & CTRL_ODD ? 1 : 0;
      const len = count - 6 + odd;
      const frame = new Uint8Array(this.tcr & TCR_PAD_EN && len < 60 ? 60 : len);
      frame.set(this.mem.subarray(b + 4, b + 4 + len));
      if (this.port) this.port.send(frame);
      else this.dropped++;
    }
    this.eph = (ok ? EPH_TX_SUC : 0) | (this.link ? EPH_LINK_OK : 0);
    this.mem[b] = this.eph & 0xff;
    this.mem[b + 1] = this.eph >>> 8;
    if (ok && this.control & CTL_AUTO_RELEASE) this.release(p);
    else if (this.txDone.length < PACKETS) this.txDone.push(p);
  }

  // ---- receive ----

  private accepts(f: Uint8Array): { broadcast: boolean; multicast: boolean } | undefined {
    const broadcast = f[0] === 0xff && f[1] === 0xff && f[2] === 0xff && f[3] === 0xff && f[4] === 0xff && f[5] === 0xff;
    const multicast = !broadcast && (f[0]! & 1) === 1;
    if (this.rcr & RCR_PRMS || broadcast) return { broadcast, multicast };
    if (multicast) return this.rcr & RCR_ALMUL || this.mt.some((x) => x !== 0) ? { broadcast, multicast } : undefined;
    for (let i = 0; i < 6; i++) if (f[i] !== this.ia[i]) return undefined;
    return { broadcast, multicast };
  }

  /** A frame from the switch (no FCS). */
  receive(frame: Uint8Array): void {
    const kind = frame.length >= 14 && this.rcr & RCR_RXEN ? this.accepts(frame) : undefined;
    if (!kind) {
      this.dropped++;
      return;
    }
    const padded = Math.max(60, frame.length);
    const dataLen = padded + (this.rcr & RCR_STRIP_CRC ? 0 : 4);
    const odd = dataLen & 1;
    const count = odd ? dataLen + 5 : dataLen + 6;
    if (count > PACKET_BYTES) {
      this.dropped++;
      return;
    }
    const p = this.rxFifo.length < PACKETS ? this.takePacket() : -1;
    if (p < 0) {
      this.dropped++;
      this.latched |= INT_RX_OVRN;
      this.updateIrq();
      return;
    }
    const b = p * PACKET_BYTES;
    this.mem.fill(0, b, b + count);
    this.mem.set(frame, b + 4);
    if (!(this.rcr & RCR_STRIP_CRC)) {
      const fcs = ethernetFcs(this.mem.subarray(b + 4), padded);
      for (let i = 0; i < 4; i++) this.mem[b + 4 + padded + i] = (fcs >>> (8 * i)) & 0xff;
    }
    const status = (odd ? RXS_ODDFRM : 0) | (kind.broadcast ? RXS_BRODCAST : 0) | (kind.multicast ? RXS_MULTCAST : 0);
    this.mem[b] = status & 0xff;
    this.mem[b + 1] = status >>> 8;
    this.mem[b + 2] = count & 0xff;
    this.mem[b + 3] = count >>> 8;
    this.mem[b + count - 1] = RX_CTRL | (odd ? CTRL_ODD : 0);
    this.rxFifo.push(p);
    this.updateIrq();
  }

  // ---- data register ----

  /** The packet the data register addresses, or -1 (logged). */
  private dataPacket(): number {
    if (this.ptr & PTR_RCV) {
      const p = this.rxFifo[0];
      if (p === undefined) {
        this.guestError('data register access with RCV set and the RX FIFO empty');
        return -1;
      }
      return p;
    }
    return this.validPacket(this.pnr, 'data register access') ? this.pnr : -1;
  }

  private dataRead(lane: number, size: number): number {
    const p = this.dataPacket();
    if (p < 0) return 0;
    const auto = this.ptr & PTR_AUTO_INCR;
    const at = (this.ptr + (auto ? 0 : lane)) & 0x7ff;
    let v = 0;
    for (let i = 0; i < size; i++) v |= this.mem[p * PACKET_BYTES + ((at + i) & 0x7ff)]! << (8 * i);
    if (auto) this.ptr = (this.ptr & ~0x7ff) | ((at + size) & 0x7ff);
    return v >>> 0;
  }

  private dataWrite(lane: number, size: number, v: number): void {
    const p = this.dataPacket();
    if (p < 0) return;
    const auto = this.ptr & PTR_AUTO_INCR;
    const at = (this.ptr + (auto ? 0 : lane)) & 0x7ff;
    for (let i = 0; i < size; i++) this.mem[p * PACKET_BYTES + ((at + i) & 0x7ff)] = (v >>> (8 * i)) & 0xff;
    if (auto) this.ptr = (this.ptr & ~0x7ff) | ((at + size) & 0x7ff);
  }

  // ---- register file, byte by byte ----

  private readByte(o: number): number {
    if (o === 0xe) return this.bank;
    if (o === 0xf) return 0x33;
    const hi = o & 1 ? 8 : 0;
    switch (this.bank) {
      case 0:
        switch (o >> 1) {
          case 0:
            return (this.tcr >>> hi) & 0xff;
          case 1:
            return (this.eph >>> hi) & 0xff;
          case 2:
            return (this.rcr >>> hi) & 0xff;
          case 3:
            return 0; // collision counters: no collisions happen
          case 4:
            return hi ? this.freeCount() : PACKETS; // MIR in 2 KB units
          case 5:
            return (this.rpcr >>> hi) & 0xff;
        }
        break;
      case 1:
        if (o >= 4 && o < 10) return this.ia[o - 4]!;
        switch (o >> 1) {
          case 0:
            return (this.config >>> hi) & 0xff;
          case 1:
            return (this.baseReg >>> hi) & 0xff;
          case 5:
            return (this.gp >>> hi) & 0xff;
          case 6:
            return (this.control >>> hi) & 0xff;
        }
        break;
      case 2:
        switch (o) {
          case 0:
          case 1:
            return 0; // BUSY clear: MMU commands complete at once
          case 2:
            return this.pnr;
          case 3:
            return this.arr;
          case 4:
            return this.txDone.length ? this.txDone[0]! : FIFO_EMPTY;
          case 5:
            return this.rxFifo.length ? this.rxFifo[0]! : FIFO_EMPTY;
          case 6:
            return this.ptr & 0xff;
          case 7:
            return (this.ptr >>> 8) & 0xf7; // NOT EMPTY: the write FIFO drains at once
          case 0xc:
            return this.interruptStatus;
          case 0xd:
            return this.mask;
        }
        break;
      case 3:
        if (o < 8) return this.mt[o]!;
        switch (o >> 1) {
          case 4: {
            const m = MGMT_FIXED | (this.mgmt & 0x400d) | (this.phy.mdiLevel ? 2 : 0);
            return (m >>> hi) & 0xff;
          }
          case 5:
            return (CHIP_REVISION >>> hi) & 0xff;
          case 6:
            return (this.ercv >>> hi) & 0xff;
        }
        break;
    }
    this.guestError(`read of reserved bank ${this.bank} offset 0x${o.toString(16)}`);
    return 0;
  }

  private set16(cur: number, o: number, b: number): number {
    return o & 1 ? (cur & 0xff) | (b << 8) : (cur & 0xff00) | b;
  }

  private writeByte(o: number, b: number): void {
    if (o === 0xe) {
      this.bank = b & 3;
      return;
    }
    if (o === 0xf) return; // the 0x33 signature byte ignores writes
    switch (this.bank) {
      case 0:
        switch (o >> 1) {
          case 0:
            this.tcr = this.set16(this.tcr, o, b) & 0xbd87;
            this.transmitQueued();
            return;
          case 2: {
            const v = this.set16(this.rcr, o, b) & 0xe307;
            if (v & RCR_SOFT_RST && !(this.rcr & RCR_SOFT_RST)) this.reset();
            this.rcr = v;
            return;
          }
          case 5:
            this.rpcr = this.set16(this.rpcr, o, b) & 0x38fc;
            return;
        }
        break;
      case 1:
        if (o >= 4 && o < 10) {
          this.ia[o - 4] = b;
          return;
        }
        switch (o >> 1) {
          case 0:
            this.config = (this.set16(this.config, o, b) & 0x9600) | 0x20b1;
            return;
          case 1:
            this.baseReg = this.set16(this.baseReg, o, b);
            return;
          case 5:
            this.gp = this.set16(this.gp, o, b);
            return;
          case 6:
            this.control = (this.set16(this.control, o, b) & 0x48e4) | 0x1210; // STORE/RELOAD finish at once
            return;
        }
        break;
      case 2:
        switch (o) {
          case 0:
            this.mmuCommand(b);
            return;
          case 1:
            return;
          case 2:
            this.pnr = b & 0x3f;
            return;
          case 6:
          case 7:
            this.ptr = this.set16(this.ptr, o, b) & 0xf7ff;
            return;
          case 0xc:
            if (b & INT_TX) this.txDone.shift();
            this.latched &= ~(b & INT_ACKABLE);
            this.updateIrq();
            return;
          case 0xd:
            this.mask = b;
            this.updateIrq();
            return;
        }
        break;
      case 3:
        if (o < 8) {
          this.mt[o] = b;
          return;
        }
        switch (o >> 1) {
          case 4:
            this.mgmt = this.set16(this.mgmt, o, b) & 0x400d;
            if (!(o & 1)) this.phy.drive(this.mgmt);
            return;
          case 6:
            this.ercv = this.set16(this.ercv, o, b) & 0x9f;
            return;
        }
        break;
    }
    this.guestError(`write 0x${b.toString(16)} to read-only or reserved bank ${this.bank} offset 0x${o.toString(16)}`);
  }

  // ---- bus ----

  read(offset: number, size: AccessSize): number {
    const o = offset & 0xf;
    if (o & (size - 1)) {
      this.guestError(`misaligned ${size}-byte read at offset 0x${offset.toString(16)}`);
      return 0;
    }
    if (this.bank === 2 && o >= 8 && o < 12) return this.dataRead(o & 3, size);
    let v = 0;
    for (let i = 0; i < size; i++) v |= this.readByte(o + i) << (8 * i);
    return v >>> 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    const o = offset & 0xf;
    if (o & (size - 1)) {
      this.guestError(`misaligned ${size}-byte write at offset 0x${offset.toString(16)}`);
      return;
    }
    if (this.bank === 2 && o >= 8 && o < 12) return this.dataWrite(o & 3, size, value);
    for (let i = 0; i < size; i++) this.writeByte(o + i, (value >>> (8 * i)) & 0xff);
  }

  reset(): void {
    this.mem.fill(0);
    this.allocated.fill(0);
    this.rxFifo.length = this.txFifo.length = this.txDone.length = 0;
    this.bank = 0;
    this.tcr = 0;
    this.eph = this.link ? EPH_LINK_OK : 0;
    this.rcr = 0;
    this.rpcr = 0;
    this.config = 0xa0b1;
    this.baseReg = 0x1801;
    this.ia.set(this.mac);
    this.gp = 0;
    this.control = 0x1210;
    this.pnr = 0;
    this.arr = ARR_FAILED;
    this.allocPending = false;
    this.ptr = 0;
    this.latched = INT_TX_EMPTY;
    this.mask = 0;
    this.mt.fill(0);
    this.mgmt = 0;
    this.ercv = 0x1f;
    this.phy.reset();
    this.updateIrq();
  }

  save(): EmuState {
    return {
      version: 1,
      mem: [...new Uint32Array(this.mem.buffer)],
      allocated: [...this.allocated],
      rxFifo: [...this.rxFifo],
      txFifo: [...this.txFifo],
      txDone: [...this.txDone],
      regs: [this.bank, this.tcr, this.eph, this.rcr, this.rpcr, this.config, this.baseReg, this.gp, this.control, this.pnr, this.arr,
        this.allocPending ? 1 : 0, this.ptr, this.latched, this.mask, this.mgmt, this.ercv],
      ia: [...this.ia],
      mt: [...this.mt],
      phy: this.phy.save(),
    };
  }

  restore(s: EmuState): void {
    const d = 'smc91c111';
    checkVersion(s, d, 1);
    const mem = stateU32Array(s, d, 'mem', (PACKETS * PACKET_BYTES) / 4);
    const allocated = stateU32Array(s, d, 'allocated', PACKETS);
    const fifo = (k: string): number[] => {
      const f = stateU32Array(s, d, k);
      if (f.length > PACKETS || f.some((p) => p >= PACKETS)) throw new EmuStateError(`${d}: state field ${k} holds more than ${PACKETS} entries or a packet number out of range`);
      return f;
    };
    const rx = fifo('rxFifo');
    const tx = fifo('txFifo');
    const done = fifo('txDone');
    const regs = stateU32Array(s, d, 'regs', 17);
    const ia = stateU32Array(s, d, 'ia', 6);
    const mt = stateU32Array(s, d, 'mt', 8);
    const phy = s.phy;
    if (typeof phy !== 'object' || phy === null) throw new EmuStateError(`${d}: state field phy is not an object`);
    this.phy.restore(phy as EmuState, d);
    new Uint32Array(this.mem.buffer).set(mem);
    this.allocated.set(allocated.map((x) => (x ? 1 : 0)));
    this.rxFifo.splice(0, this.rxFifo.length, ...rx);
    this.txFifo.splice(0, this.txFifo.length, ...tx);
    this.txDone.splice(0, this.txDone.length, ...done);
    [this.bank, this.tcr, this.eph, this.rcr, this.rpcr, this.config, this.baseReg, this.gp, this.control, this.pnr, this.arr] = regs as [
      number, number, number, number, number, number, number, number, number, number, number,
    ];
    this.bank &= 3;
    this.pnr &= 0x3f;
    this.arr &= 0xbf;
    this.allocPending = regs[11] !== 0;
    [this.ptr, this.latched, this.mask, this.mgmt, this.ercv] = regs.slice(12) as [number, number, number, number, number];
    this.ia.set(ia.map((x) => x & 0xff));
    this.mt.set(mt.map((x) => x & 0xff));
    this.updateIrq();
  }

  remove(): void {
    this.port?.close();
  }
}

export const smc91c111Emulator: Emulator = {
  name: 'smc91c111',
  deviceType: 'nic',
  compatible: [{ compatible: 'smsc,smc91c111' }],
  configSymbol: 'CONFIG_EMU_NET_SMC91C111',
  probe(ctx: EmulatorContext): EmuDevice {
    const name = ctx.attrString('switch');
    if (name === undefined) throw new Error(`${ctx.nodePath}: smc91c111 without a switch attribute`);
    const n = ctx.interrupts[0];
    const line = n === undefined ? undefined : ctx.irq(n);
    if (name === '') {
      ctx.log.log(LogKind.Info, `${ctx.nodePath}: switch is empty: the NIC is not connected`);
      return new Smc91c111(ctx, line, undefined);
    }
    const sw = ctx.service<NetSwitch>(NET_SWITCH_SERVICE, name);
    if (!sw) throw new Error(`${ctx.nodePath}: network switch "${name}" not found`);
    return new Smc91c111(ctx, line, sw.connect(`${ctx.guestName}/${ctx.nodeName}`));
  },
};
