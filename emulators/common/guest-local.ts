// Per-guest shared objects between emulators of one guest: the GIC's
// distributor and CPU interface regions find one GIC instance, the SP804
// reads the SP810's timer clock selects, vminfo reads the RAM banks.
//
// The core provides a per-guest Map as the service ("guest-local", "") on the
// EmulatorContext; it lives and dies with the guest. Contexts without it (a
// core that predates it) fall back to a map keyed by guest name here, which
// the devices release in remove().

import type { EmulatorContext } from '../../core/devemu/emulator.ts';

export const GUEST_LOCAL_SERVICE = 'guest-local';

const fallback = new Map<string, Map<string, unknown>>();

function mapFor(ctx: EmulatorContext): Map<string, unknown> {
  const provided = ctx.service<Map<string, unknown>>(GUEST_LOCAL_SERVICE, '');
  if (provided) return provided;
  let m = fallback.get(ctx.guestName);
  if (!m) {
    m = new Map();
    fallback.set(ctx.guestName, m);
  }
  return m;
}

/** The guest's object under key, created on first use. */
export function guestLocal<T>(ctx: EmulatorContext, key: string, create: () => T): T {
  const m = mapFor(ctx);
  if (m.has(key)) return m.get(key) as T;
  const v = create();
  m.set(key, v);
  return v;
}

/** The guest's object under key if some device created it. */
export function peekGuestLocal<T>(ctx: EmulatorContext, key: string): T | undefined {
  return mapFor(ctx).get(key) as T | undefined;
}

export function dropGuestLocal(ctx: EmulatorContext, key: string): void {
  mapFor(ctx).delete(key);
}
