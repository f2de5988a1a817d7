// Per-guest shared objects between emulators of one guest: the GIC's
// distributor and CPU interface regions find one GIC instance, the SP804
// reads the SP810's timer clock selects, vminfo reads the RAM banks.
//
// A core may provide a per-guest Map as the service ("guest-local", "");
// otherwise the map hangs off the guest's vcpuIrq array, an object every
// context of one guest shares and that dies with the guest (so a guest
// destroyed and created again under the same name starts afresh).

import type { EmulatorContext } from '../../core/devemu/emulator.ts';

export const GUEST_LOCAL_SERVICE = 'guest-local';

const perGuest = new WeakMap<object, Map<string, unknown>>();

function mapFor(ctx: EmulatorContext): Map<string, unknown> {
  const provided = ctx.service<Map<string, unknown>>(GUEST_LOCAL_SERVICE, '');
  if (provided) return provided;
  let m = perGuest.get(ctx.vcpuIrq);
  if (!m) {
    m = new Map();
    perGuest.set(ctx.vcpuIrq, m);
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
