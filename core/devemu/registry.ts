// The emulators compiled into this build, by compatible string (Xvisor's
// vmm_devemu emulator list). Filled from the Hypervisor's `emulators` option,
// which the build's generated registry provides.

import type { Emulator } from './emulator.ts';

export interface EmulatorMatch {
  readonly emulator: Emulator;
  readonly data: unknown;
}

export class EmulatorRegistry {
  private readonly byCompatible = new Map<string, EmulatorMatch>();
  private readonly list: Emulator[] = [];

  constructor(
    emulators: readonly Emulator[] = [],
    /** compatible -> config symbol of emulators not built, for error messages. */
    readonly knownSymbols: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const e of emulators) this.register(e);
  }

  register(e: Emulator): void {
    for (const c of e.compatible) {
      const prev = this.byCompatible.get(c.compatible);
      if (prev !== undefined)
        throw new Error(`emulator ${e.name}: compatible "${c.compatible}" already served by ${prev.emulator.name}`);
    }
    for (const c of e.compatible) this.byCompatible.set(c.compatible, { emulator: e, data: c.data });
    this.list.push(e);
  }

  find(compatible: string): EmulatorMatch | undefined {
    return this.byCompatible.get(compatible);
  }

  /** The config symbol that would build an emulator for compatible, when known. */
  symbolFor(compatible: string): string | undefined {
    return this.knownSymbols.get(compatible);
  }

  emulators(): readonly Emulator[] {
    return this.list;
  }
}
