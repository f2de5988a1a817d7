// PSCI 1.1 and the SMCCC discovery calls for guests (ARM DEN0022 "Power
// State Coordination Interface", function IDs in its table 5.1; ARM DEN0028
// SMC Calling Convention for SMCCC_VERSION/ARCH_FEATURES). The guest calls
// them with HVC (or SMC) and the vcpu stops to the core, as at EL2.
//
// CPU_SUSPEND is served as a standby state (return after an interrupt, like
// WFI) whatever power state is asked: a powerdown request returning SUCCESS
// is allowed to a caller that must cope with the state being demoted.

export const enum PsciFn {
  VERSION = 0x84000000,
  CPU_SUSPEND = 0x84000001,
  CPU_SUSPEND64 = 0xc4000001,
  CPU_OFF = 0x84000002,
  CPU_ON = 0x84000003,
  CPU_ON64 = 0xc4000003,
  AFFINITY_INFO = 0x84000004,
  AFFINITY_INFO64 = 0xc4000004,
  MIGRATE_INFO_TYPE = 0x84000006,
  SYSTEM_OFF = 0x84000008,
  SYSTEM_RESET = 0x84000009,
  FEATURES = 0x8400000a,
  SMCCC_VERSION = 0x80000000,
  SMCCC_ARCH_FEATURES = 0x80000001,
}

export const enum PsciRet {
  SUCCESS = 0,
  NOT_SUPPORTED = -1,
  INVALID_PARAMETERS = -2,
  DENIED = -3,
  ALREADY_ON = -4,
  ON_PENDING = -5,
  INTERNAL_FAILURE = -6,
  NOT_PRESENT = -7,
  DISABLED = -8,
  INVALID_ADDRESS = -9,
}

/** MIGRATE_INFO_TYPE: no Trusted OS, migration not required. */
const MIGRATE_NOT_REQUIRED = 2;

/** What the manager must do for a PSCI call; the guest module carries it out. */
export type PsciAction =
  | { kind: 'return'; value: number }
  | { kind: 'cpu-on'; target: number; entry: number; contextId: number }
  | { kind: 'cpu-off' }
  | { kind: 'suspend' }
  | { kind: 'affinity-info'; target: number }
  | { kind: 'system-off' }
  | { kind: 'system-reset' };

export interface PsciArgs {
  /** x0..x3 low halves / r0..r3. */
  arg(n: number): number;
  argHi(n: number): number;
}

/** Target vcpu index of an MPIDR value: Aff0 | Aff1 << 8 (the backends' MPIDR layout). */
export function mpidrToIndex(lo: number, hi: number): number {
  if (hi !== 0 || (lo & 0xff000000 & ~0x80000000) !== 0) return -1;
  return (lo & 0xff) | (((lo >>> 8) & 0xff) << 8);
}

const SUPPORTED = new Set<number>([
  PsciFn.VERSION, PsciFn.CPU_SUSPEND, PsciFn.CPU_SUSPEND64, PsciFn.CPU_OFF, PsciFn.CPU_ON, PsciFn.CPU_ON64,
  PsciFn.AFFINITY_INFO, PsciFn.AFFINITY_INFO64, PsciFn.MIGRATE_INFO_TYPE, PsciFn.SYSTEM_OFF, PsciFn.SYSTEM_RESET,
  PsciFn.FEATURES, PsciFn.SMCCC_VERSION,
]);

/** Decodes one call. `version` is (major << 16) | minor; FEATURES exists from 1.0 on. */
export function decodePsci(a: PsciArgs, version: number): PsciAction {
  const fn = a.arg(0) >>> 0;
  const is64 = (fn & 0x40000000) !== 0;
  const wide = (n: number) => (is64 ? a.argHi(n) * 0x100000000 + (a.arg(n) >>> 0) : a.arg(n) >>> 0);
  switch (fn) {
    case PsciFn.VERSION:
      return { kind: 'return', value: version };
    case PsciFn.CPU_SUSPEND:
    case PsciFn.CPU_SUSPEND64:
      return { kind: 'suspend' };
    case PsciFn.CPU_OFF:
      return { kind: 'cpu-off' };
    case PsciFn.CPU_ON:
    case PsciFn.CPU_ON64: {
      const target = mpidrToIndex(a.arg(1) >>> 0, is64 ? a.argHi(1) : 0);
      return { kind: 'cpu-on', target, entry: wide(2), contextId: a.arg(3) >>> 0 };
    }
    case PsciFn.AFFINITY_INFO:
    case PsciFn.AFFINITY_INFO64: {
      if ((a.arg(2) >>> 0) !== 0) return { kind: 'return', value: PsciRet.INVALID_PARAMETERS };
      return { kind: 'affinity-info', target: mpidrToIndex(a.arg(1) >>> 0, is64 ? a.argHi(1) : 0) };
    }
    case PsciFn.MIGRATE_INFO_TYPE:
      return { kind: 'return', value: MIGRATE_NOT_REQUIRED };
    case PsciFn.SYSTEM_OFF:
      return { kind: 'system-off' };
    case PsciFn.SYSTEM_RESET:
      return { kind: 'system-reset' };
    case PsciFn.FEATURES: {
      if (version < 0x10000) return { kind: 'return', value: PsciRet.NOT_SUPPORTED };
      const q = a.arg(1) >>> 0;
      return { kind: 'return', value: SUPPORTED.has(q) ? PsciRet.SUCCESS : PsciRet.NOT_SUPPORTED };
    }
    case PsciFn.SMCCC_VERSION:
      return { kind: 'return', value: 0x10001 };
    case PsciFn.SMCCC_ARCH_FEATURES:
      // No workarounds to advertise (ARCH_WORKAROUND_1/2/3 not needed on a model without speculation).
      return { kind: 'return', value: PsciRet.NOT_SUPPORTED };
    default:
      return { kind: 'return', value: PsciRet.NOT_SUPPORTED };
  }
}

/** "1.1" -> 0x10001; undefined -> 1.1. */
export function parsePsciVersion(s: string | undefined): number {
  if (s === undefined) return 0x10001;
  const m = /^(\d+)\.(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`psci_version "${s}" is not <major>.<minor>`);
  return (Number(m[1]) << 16) | Number(m[2]);
}
