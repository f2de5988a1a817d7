import { describe, it, expect } from 'vitest';
import { allEmulators } from './all.ts';

describe('allEmulators', () => {
  it('has unique names, compatible strings and CONFIG_EMU_ symbols', () => {
    const compats = allEmulators.flatMap((e) => e.compatible.map((c) => c.compatible));
    expect(new Set(compats).size).toBe(compats.length);
    expect(new Set(allEmulators.map((e) => e.name)).size).toBe(allEmulators.length);
    for (const e of allEmulators) expect(e.configSymbol).toMatch(/^CONFIG_EMU_[A-Z0-9_]+$/);
    for (const c of ['primecell,arm,pl011', 'arm,vgic,dist', 'arm,vgic,cpu', 'primecell,sp804', 'virtio,mmio', 'vminfo-0.1', 'zero']) {
      expect(compats).toContain(c);
    }
  });
});
