// The internal 10/100 PHY of the SMSC LAN91C111 as the MAC's MII management
// port sees it: IEEE 802.3 clause 22 frames bit-banged through the
// Management Interface register (bank 3 offset 8: MDO, MDI, MCLK, MDOE),
// per the LAN91C111 datasheet, "MII Management Interface" and "PHY
// Registers". The PHY answers at address 0 only; other addresses float
// (MDI reads 1, so IDs read 0xFFFF: no PHY). Link state follows the cable:
// up (100 Mb/s full duplex, autonegotiation complete) when the NIC is
// connected to a switch, down when unplugged.
// Not modelled: the PHY interrupt (MD_INT), loopback, power down effects.

import { checkVersion, stateU32, stateU32Array } from '../common/state.ts';
import { EmuStateError, type EmuState } from '../../core/devemu/emulator.ts';

export const MII_MDO = 1 << 0;
export const MII_MDI = 1 << 1;
export const MII_MCLK = 1 << 2;
export const MII_MDOE = 1 << 3;

export const PHY_CONTROL = 0;
export const PHY_STATUS = 1;
export const PHY_ID1 = 2;
export const PHY_ID2 = 3;
const PHY_ANAR = 4;
const PHY_ANLPAR = 5;
const PHY_CFG1 = 16;
const PHY_CFG2 = 17;
const PHY_INT_STATUS = 18;
const PHY_INT_MASK = 19;

const CTRL_RESET = 1 << 15;
const CTRL_ANEG_RST = 1 << 9;
/** 100TX FD/HD, 10T FD/HD, can autonegotiate, extended registers. */
const STATUS_BASE = 0x7809;
const STATUS_LINK = 1 << 2;
const STATUS_ANEG_DONE = 1 << 5;

const enum Phase {
  Idle,
  Header,
  Read,
  Write,
}

export class Smc91c111Phy {
  /** PHY registers 0..31 that hold written values (control, ANAR, configuration, mask). */
  private readonly regs = new Uint16Array(32);
  private phase = Phase.Idle;
  private ones = 0;
  private bits = 0;
  private shift = 0;
  private mdi = 1;
  private lastClock = 0;

  constructor(readonly link: boolean) {
    this.reset();
  }

  reset(): void {
    this.regs.fill(0);
    this.regs[PHY_CONTROL] = 0x3000; // 100 Mb/s, autonegotiation enabled
    this.regs[PHY_ANAR] = 0x01e1;
    this.regs[PHY_CFG1] = 0x0022;
    this.regs[PHY_INT_MASK] = 0xffc0;
    this.phase = Phase.Idle;
    this.ones = this.bits = this.shift = 0;
    this.mdi = 1;
    this.lastClock = 0;
  }

  /** The MDI level the MAC reads. */
  get mdiLevel(): number {
    return this.mdi;
  }

  readReg(reg: number): number {
    switch (reg) {
      case PHY_STATUS:
        return STATUS_BASE | (this.link ? STATUS_LINK | STATUS_ANEG_DONE : 0);
      case PHY_ID1:
        return 0x0016;
      case PHY_ID2:
        return 0xf841;
      case PHY_ANLPAR:
        return this.link ? 0x41e1 : 0; // partner: acknowledged, 100/10 full/half
      case PHY_INT_STATUS:
        // Link fail when unplugged; with a link: 100 Mb/s (SPDDET) full duplex (DPLXDET).
        return this.link ? 0x00c0 : 0x4000;
      default:
        return this.regs[reg]!;
    }
  }

  writeReg(reg: number, v: number): void {
    switch (reg) {
      case PHY_CONTROL:
        if (v & CTRL_RESET) return this.resetRegs();
        this.regs[PHY_CONTROL] = v & ~(CTRL_RESET | CTRL_ANEG_RST); // self-clearing
        return;
      case PHY_ANAR:
      case PHY_CFG1:
      case PHY_CFG2:
      case PHY_INT_MASK:
        this.regs[reg] = v;
        return;
    }
    // Status, IDs, partner ability and the rest are read-only: the write is ignored.
  }

  private resetRegs(): void {
    const phase = this.phase;
    const state = [this.ones, this.bits, this.shift, this.mdi, this.lastClock] as const;
    this.reset();
    this.phase = phase;
    [this.ones, this.bits, this.shift, this.mdi, this.lastClock] = state;
  }

  /** The MAC wrote the management register; a rising MCLK edge clocks one bit. */
  drive(mgmt: number): void {
    const clock = mgmt & MII_MCLK ? 1 : 0;
    const rising = clock && !this.lastClock;
    this.lastClock = clock;
    if (!rising) return;
    const out = mgmt & MII_MDOE ? mgmt & MII_MDO : -1; // -1: the MAC is not driving
    switch (this.phase) {
      case Phase.Idle:
        if (out === -1) return;
        if (out) {
          this.ones++;
        } else {
          // Start of frame is 0 1 after at least 32 ones of preamble.
          if (this.ones >= 32) {
            this.phase = Phase.Header;
            this.bits = 1;
            this.shift = 0;
          }
          this.ones = 0;
        }
        return;
      case Phase.Header:
        // ST (second bit), OP(2), PHYAD(5), REGAD(5): 13 bits after the first start bit.
        this.shift = (this.shift << 1) | (out === 1 ? 1 : 0);
        if (++this.bits < 14) return;
        return this.headerDone();
      case Phase.Read:
        if (++this.bits >= 18) {
          this.phase = Phase.Idle;
          this.mdi = 1;
          return;
        }
        this.mdi = this.bits < 2 ? 0 : (this.shift >>> (17 - this.bits)) & 1;
        if (this.shift < 0) this.mdi = 1; // no PHY at this address
        return;
      case Phase.Write:
        this.shift = ((this.shift << 1) | (out === 1 ? 1 : 0)) >>> 0;
        if (++this.bits < 18) return;
        this.phase = Phase.Idle;
        if (((this.shift >>> 23) & 0x1f) === 0) this.writeReg((this.shift >>> 18) & 0x1f, this.shift & 0xffff);
        return;
    }
  }

  private headerDone(): void {
    const h = this.shift & 0x1fff; // ST1 OP1 OP0 PHYAD[4:0] REGAD[4:0]
    const start = (h >>> 12) & 1;
    const op = (h >>> 10) & 3;
    const phy = (h >>> 5) & 0x1f;
    const reg = h & 0x1f;
    this.bits = 0;
    if (start !== 1 || (op !== 2 && op !== 1)) {
      this.phase = Phase.Idle;
      return;
    }
    if (op === 2) {
      this.phase = Phase.Read;
      // Turnaround (Z, 0) then 16 data bits, each after the next rising edge.
      this.shift = phy === 0 ? this.readReg(reg) : -1;
      this.mdi = phy === 0 ? 0 : 1;
    } else {
      this.phase = Phase.Write;
      // Keep PHYAD/REGAD above the 18 bits (TA + data) still to come.
      this.shift = ((phy << 5) | reg) & 0x3ff;
    }
  }

  save(): EmuState {
    return { version: 1, regs: [...this.regs], phase: this.phase, ones: this.ones, bits: this.bits, shift: this.shift | 0, mdi: this.mdi, lastClock: this.lastClock };
  }

  restore(s: EmuState, d: string): void {
    checkVersion(s, d, 1);
    const regs = stateU32Array(s, d, 'regs', 32);
    const [phase, ones, bits, mdi, lastClock] = ['phase', 'ones', 'bits', 'mdi', 'lastClock'].map((k) => stateU32(s, d, k)) as [number, number, number, number, number];
    const shift = stateU32(s, d, 'shift') | 0;
    if (phase > Phase.Write || bits > 18 || mdi > 1 || lastClock > 1) throw new EmuStateError(`${d}: PHY state out of range`);
    this.regs.set(regs.map((r) => r & 0xffff));
    this.phase = phase;
    this.ones = ones;
    this.bits = bits;
    this.shift = shift;
    this.mdi = mdi;
    this.lastClock = lastClock;
  }
}
