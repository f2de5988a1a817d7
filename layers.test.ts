// The layers of shared/design/ARCHITECTURE.md, enforced: which folder may
// import which, and the pure layers (core/, arch/, emulators/) compile
// without Node's types, so they cannot reach fs, net or process.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'build' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.bench.ts') && !p.includes('/testing/')) out.push(p);
  }
  return out;
}

/** Where a file sits: the layer names used by the rules below. */
function layer(file: string): string {
  const r = relative(ROOT, file);
  if (r.startsWith('core/mterm/')) return 'face';
  if (r.startsWith('arch/arm/cpu/')) return 'cpu';
  for (const l of ['core', 'arch', 'emulators', 'drivers', 'openconf', 'tests']) if (r.startsWith(`${l}/`)) return l;
  return 'top';
}

/** What each layer may import, besides itself and npm packages. */
const ALLOWED: Record<string, (target: string) => boolean> = {
  // A CPU backend sees its interface, a guest bus and interrupt lines: nothing of emulators or the rest of the core.
  cpu: (t) => t.startsWith('arch/arm/cpu/') || t === 'core/aspace/guest-bus.ts' || t === 'core/devemu/emulator.ts',
  arch: (t) => t.startsWith('arch/') || t.startsWith('core/'),
  // Emulators see MMIO, interrupt lines, the clock and the host-service interfaces: the core's devemu contracts and the device tree types.
  emulators: (t) => t.startsWith('emulators/') || t.startsWith('core/devemu/') || t.startsWith('core/aspace/guest-bus.ts') || t.startsWith('core/devtree/'),
  // The core owns the wiring, so it may reach down to CPU backends and emulators; never up to the faces, drivers or build tools.
  core: (t) => (t.startsWith('core/') && !t.startsWith('core/mterm/')) || t.startsWith('arch/') || t.startsWith('emulators/'),
  // Host drivers implement core interfaces; they never reach into emulators or CPUs.
  drivers: (t) => t.startsWith('drivers/') || t.startsWith('core/'),
  // Openconf is a library the build and the runtime read; it imports nothing of the hypervisor.
  openconf: (t) => t.startsWith('openconf/'),
  face: () => true,
  tests: () => true,
  top: () => true,
};

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.')) out.push(relative(ROOT, resolve(dirname(file), spec)));
  }
  return out;
}

describe('layers', () => {
  it('no import crosses a layer the wrong way', () => {
    const wrong: string[] = [];
    for (const f of sources(ROOT)) {
      const l = layer(f);
      for (const t of imports(f)) if (!ALLOWED[l]!(t)) wrong.push(`${relative(ROOT, f)} (${l}) imports ${t}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the pure layers compile without Node types, and the whole tree type-checks', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    for (const project of ['tsconfig.pure.json', 'tsconfig.json']) {
      const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stdout + r.stderr, project).toBe('');
      expect(r.status, project).toBe(0);
    }
  });
});
