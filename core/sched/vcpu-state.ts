// Xvisor's vcpu state machine (XVISOR.md "The manager"). Hypervisor threads
// are orphan vcpus and obey the same table; the thread states CREATED,
// RUNNING, SLEEPING and STOPPED are views of it.

export type VcpuState = 'UNKNOWN' | 'RESET' | 'READY' | 'RUNNING' | 'PAUSED' | 'HALTED';
export type VcpuOp = 'create' | 'kick' | 'pause' | 'resume' | 'halt' | 'reset' | 'destroy';
export type ThreadState = 'CREATED' | 'RUNNING' | 'SLEEPING' | 'STOPPED';

/** States from which each operation is legal (the scheduler alone moves READY<->RUNNING). */
export const LEGAL_FROM: Readonly<Record<VcpuOp, readonly VcpuState[]>> = {
  create: ['UNKNOWN'],
  kick: ['RESET'],
  pause: ['READY', 'RUNNING'],
  resume: ['PAUSED'],
  halt: ['READY', 'RUNNING'],
  reset: ['RESET', 'READY', 'RUNNING', 'PAUSED', 'HALTED'],
  destroy: ['RESET'],
};

export function isLegal(op: VcpuOp, from: VcpuState): boolean {
  return LEGAL_FROM[op].includes(from);
}

/** A refused transition: names who, the operation and the current state; nothing changed. */
export class StateError extends Error {
  override name = 'StateError';
  constructor(
    readonly who: string,
    readonly op: VcpuOp | string,
    readonly state: VcpuState | string,
    detail?: string,
  ) {
    super(
      detail ??
        `${who}: cannot ${op} in state ${state}` +
          (op in LEGAL_FROM ? ` (${op} needs ${LEGAL_FROM[op as VcpuOp].join(' or ')})` : ''),
    );
  }
}

export function threadStateOf(s: VcpuState): ThreadState {
  switch (s) {
    case 'UNKNOWN':
    case 'RESET':
      return 'CREATED';
    case 'READY':
    case 'RUNNING':
      return 'RUNNING';
    case 'PAUSED':
      return 'SLEEPING';
    case 'HALTED':
      return 'STOPPED';
  }
}
