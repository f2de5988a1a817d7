// Validation helpers for the versioned plain objects that every device's
// save() produces and restore() checks (STYLE.md "Every device and CPU saves
// and restores its whole state"). A malformed state raises EmuStateError
// naming the device and the field, never a TypeError deep inside a device.

import { EmuStateError, type EmuState } from '../../core/devemu/emulator.ts';

export function checkVersion(state: EmuState, device: string, version: number): void {
  if (typeof state !== 'object' || state === null) throw new EmuStateError(`${device}: state is not an object`);
  if (state.version !== version) {
    throw new EmuStateError(`${device}: state version ${String(state.version)} is not ${version}`);
  }
}

export function stateU32(state: EmuState, device: string, field: string): number {
  const v = state[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
    throw new EmuStateError(`${device}: state field ${field} is not a 32-bit integer`);
  }
  return v >>> 0;
}

export function stateNum(state: EmuState, device: string, field: string): number {
  const v = state[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new EmuStateError(`${device}: state field ${field} is not a number`);
  return v;
}

export function stateBool(state: EmuState, device: string, field: string): boolean {
  const v = state[field];
  if (typeof v !== 'boolean') throw new EmuStateError(`${device}: state field ${field} is not a boolean`);
  return v;
}

/** An array of 32-bit integers, optionally of an exact length. */
export function stateU32Array(state: EmuState, device: string, field: string, length?: number): number[] {
  const v = state[field];
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) {
    throw new EmuStateError(`${device}: state field ${field} is not an array${length !== undefined ? ` of ${length}` : ''}`);
  }
  for (const x of v) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < -0x80000000 || x > 0xffffffff) {
      throw new EmuStateError(`${device}: state field ${field} holds a non-integer`);
    }
  }
  return (v as number[]).map((x) => x >>> 0);
}

/** A timer's pending expiry as saved: -1 when idle. */
export function saveTimer(t: { pending: boolean; expiry: number }): number {
  return t.pending ? t.expiry : -1;
}

export function restoreTimer(t: { startAt(ns: number): void; stop(): void }, expiry: number): void {
  if (expiry >= 0) t.startAt(expiry);
  else t.stop();
}
