// The DTB a Linux guest receives, generated from the guest description:
// shape checks, and dtc(1) must read it back without a warning.

import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compileDtsText } from './compile.ts';
import { loadGuest, parseOverride } from './guest-parse.ts';
import { buildLinuxDtb, buildLinuxTree } from './linux-dtb.ts';
import { readFdt } from './fdt-read.ts';
import { DevTree } from './devtree.ts';
import type { GuestDesc } from './guest-desc.ts';
import { GuestDescError } from './guest-desc.ts';

const here = import.meta.dirname;
function guest(file: string, vcpus = 2): GuestDesc {
  const g = compileDtsText(readFileSync(file, 'utf8'), file, undefined);
  return loadGuest(new DevTree(), g, 'guest0', { vcpuCount: vcpus, overrides: [parseOverride('mem0,physical_size,physsize,0x08000000')] });
}
const v8 = (): GuestDesc => guest(join(here, 'testdata/guests/virt-v8-guest.dts'));

describe('Linux guest DTB', () => {
  it('has memory, cpus with psci, psci, timer, GICv2, clock, pl011, pl031, virtio and chosen', () => {
    const t = buildLinuxTree(v8(), { bootargs: 'console=ttyAMA0', initrdStart: 0x48000000, initrdEnd: 0x48100000 });
    expect(t.node('/memory@40000000').reg()).toEqual([{ address: 0x40000000n, size: 0x08000000n }]);
    expect(t.node('/cpus/cpu@1').readString('enable-method')).toBe('psci');
    expect(t.node('/psci').readStringList('compatible')).toEqual(['arm,psci-1.0', 'arm,psci-0.2', 'arm,psci']);
    expect(t.node('/psci').readString('method')).toBe('hvc');
    expect(t.node('/timer').readString('compatible')).toBe('arm,armv8-timer');
    expect(t.node('/timer').interrupts().map((s) => s[1])).toEqual([13, 14, 11, 10]);
    const gic = t.node('/intc@8000000');
    expect(gic.readString('compatible')).toBe('arm,cortex-a15-gic');
    expect(gic.reg()).toEqual([{ address: 0x08000000n, size: 0x1000n }, { address: 0x08010000n, size: 0x2000n }]);
    const uart = t.node('/pl011@9000000');
    expect(uart.interrupts()).toEqual([[0, 1, 4]]);
    expect(uart.readStringList('clock-names')).toEqual(['uartclk', 'apb_pclk']);
    expect(t.getNodeByPhandle(uart.readU32('clocks'))?.readU32('clock-frequency')).toBe(24_000_000);
    expect(t.node('/pl031@9003000').interrupts()).toEqual([[0, 2, 4]]);
    expect(t.node('/virtio_mmio@a000000').interrupts()).toEqual([[0, 16, 1]]);
    expect(t.node('/chosen').readString('bootargs')).toBe('console=ttyAMA0');
    expect(t.node('/chosen').readString('stdout-path')).toBe('/pl011@9000000');
    expect(t.node('/chosen').readU64('linux,initrd-end')).toBe(0x48100000n);
    expect(t.getNode('serial0')).toBe(uart);
  });

  it('one cpu has no enable-method; smc and a GICv3 guest', () => {
    const one = buildLinuxTree(v8(), { cpuCount: 1, psciMethod: 'smc' });
    expect(one.node('/cpus/cpu@0').hasAttr('enable-method')).toBe(false);
    expect(one.node('/psci').readString('method')).toBe('smc');
    const v3file = join(here, '../../tests/arm64/virt-v8/virt-v8-gicv3-guest.dts');
    if (existsSync(v3file)) {
      const t = buildLinuxTree(guest(v3file));
      expect(t.node('/intc@8000000').readString('compatible')).toBe('arm,gic-v3');
    }
    expect(() => buildLinuxTree(v8(), { gicVersion: 3 })).toThrow(GuestDescError);
    expect(() => buildLinuxTree(v8(), { cpuCount: 3 })).toThrow(/cpu count 3/);
    expect(() => buildLinuxTree(v8(), { initrdStart: 5 })).toThrow(/both a start and an end/);
  });

  it('an armv7 guest gets arm,armv7-timer and 32-bit initrd cells', () => {
    const t = buildLinuxTree(guest(join(here, 'testdata/guests/vexpress-a15-guest.dts')), { initrdStart: 0x81000000, initrdEnd: 0x81100000 });
    expect(t.node('/timer').readString('compatible')).toBe('arm,armv7-timer');
    expect(t.node('/cpus/cpu@0').readString('compatible')).toBe('arm,cortex-a15');
    expect(t.node('/chosen').getAttr('linux,initrd-start')!.length).toBe(4);
  });

  it.skipIf(!existsSync('/usr/bin/dtc'))('every guest in tests/<cpu>/<board>/ gets a DTB dtc reads without warnings', () => {
    const root = join(here, '../../tests');
    const files = ['arm32', 'arm64'].flatMap((cpu) => (existsSync(join(root, cpu)) ? readdirSync(join(root, cpu)) : []).flatMap((b) => {
      const d = join(root, cpu, b);
      return existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('-guest.dts')).map((f) => join(d, f)) : [];
    }));
    if (existsSync(join(root, 'arm64'))) expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const blob = buildLinuxDtb(guest(f), { bootargs: 'console=ttyAMA0' });
      const out = join(mkdtempSync(join(tmpdir(), 'xvt-ldtb-')), 'g.dtb');
      writeFileSync(out, blob);
      const r = spawnSync('/usr/bin/dtc', ['-I', 'dtb', '-O', 'dts', out], { encoding: 'utf8' });
      expect(r.status, f).toBe(0);
      expect(r.stderr, f).toBe('');
      const t = readFdt(blob);
      expect(t.getNodeByPhandle(t.root.readU32('interrupt-parent'))?.hasAttr('interrupt-controller'), f).toBe(true);
    }
  });

  it.skipIf(!existsSync('/usr/bin/dtc'))('dtc reads it back without warnings', () => {
    const blob = buildLinuxDtb(v8(), { bootargs: 'console=ttyAMA0', initrdStart: 0x48000000, initrdEnd: 0x48100000 });
    const f = join(mkdtempSync(join(tmpdir(), 'xvt-ldtb-')), 'g.dtb');
    writeFileSync(f, blob);
    const r = spawnSync('/usr/bin/dtc', ['-I', 'dtb', '-O', 'dts', f], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFdt(blob).node('/chosen').readString('bootargs')).toBe('console=ttyAMA0');
  });
});
