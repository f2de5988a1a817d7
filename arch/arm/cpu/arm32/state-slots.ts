// Slot numbers of the scalar CPU state kept in one Int32Array (HOTPATH.md:
// small integers in typed-array slots, never in object fields). CPSR is
// kept unpacked (ARM DDI 0406C.d B1.3.3) and assembled on demand.

export const enum S {
  /** Address of the next instruction to execute. */
  PC,
  /** Flags as a 4-bit NZCV value (N = bit 3). */
  NZCV,
  Q, GE, MODE, T, E, A, I, F,
  /** ITSTATE (8 bits) for the next instruction. */
  IT,
  /** ITSTATE of the instruction being executed (saved by aborts and undefined). */
  CURIT,
  /** Instructions left in this run. */
  LEFT,
  /** Non-zero when something must be looked at between instructions (interrupt, stop). */
  ATTN,
  IRQ, FIQ, STOPREQ,
  /** Set by a memory access that raised an abort (the instruction then has no effect). */
  FAULT,
  /** Address of the instruction being executed. */
  CURPC,
  /** 0 for PL0 accesses, 256 for PL1 accesses: base of the TLB set in use. */
  TLBBASE,
  /** The WFE event register. */
  EVENT,
  /** The instruction caused Undefined (set by CP15 accesses and similar helpers). */
  UNDEF,
  COUNT,
}

export const enum Mode { USR = 0x10, FIQ = 0x11, IRQ = 0x12, SVC = 0x13, MON = 0x16, ABT = 0x17, HYP = 0x1a, UND = 0x1b, SYS = 0x1f }

/** Bank index per mode (usr and sys share 0); -1 for a mode this model does not have. */
export const MODE_BANK = new Int8Array(32).fill(-1);
MODE_BANK[Mode.USR] = 0; MODE_BANK[Mode.SYS] = 0; MODE_BANK[Mode.FIQ] = 1; MODE_BANK[Mode.IRQ] = 2;
MODE_BANK[Mode.SVC] = 3; MODE_BANK[Mode.ABT] = 4; MODE_BANK[Mode.UND] = 5;

export const MODE_NAMES: Record<number, string> = {
  [Mode.USR]: 'usr', [Mode.FIQ]: 'fiq', [Mode.IRQ]: 'irq', [Mode.SVC]: 'svc', [Mode.ABT]: 'abt', [Mode.UND]: 'und', [Mode.SYS]: 'sys',
};

/** COND_TABLE[nzcv << 4 | cond] is 1 when cond passes (ARM DDI 0406C.d A8.3). */
export const COND_TABLE = new Uint8Array(256);
for (let f = 0; f < 16; f++) {
  const n = (f >>> 3) & 1, z = (f >>> 2) & 1, c = (f >>> 1) & 1, v = f & 1;
  const r = [z, 1 - z, c, 1 - c, n, 1 - n, v, 1 - v, c & (1 - z), (1 - c) | z, n === v ? 1 : 0, n !== v ? 1 : 0,
    (1 - z) & (n === v ? 1 : 0), z | (n !== v ? 1 : 0), 1, 1];
  for (let cond = 0; cond < 16; cond++) COND_TABLE[(f << 4) | cond] = r[cond]!;
}
