// The host board trees: each compiles with us exactly as with dtc, has two
// host CPUs, host RAM, a console and /chosen/bootcmd as a string list, and
// can take a guest under /guests.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { compileDtsText } from '../../../core/devtree/compile.ts';
import { writeFdt } from '../../../core/devtree/fdt-write.ts';

const dir = import.meta.dirname;
const boards = readdirSync(dir).filter((f) => f.endsWith('.dts'));

describe('host board trees', () => {
  it('has the five generic boards', () => {
    expect(boards.sort()).toEqual(['generic-v5.dts', 'generic-v6.dts', 'generic-v7-ve.dts', 'generic-v7.dts', 'generic-v8.dts']);
  });
  for (const b of boards) {
    it(b, () => {
      const text = readFileSync(join(dir, b), 'utf8');
      const t = compileDtsText(text, b, undefined);
      const cpus = t.node('/cpus').children.filter((c) => c.readString('device_type') === 'cpu');
      expect(cpus.length).toBe(2);
      const mem = t.root.children.find((c) => c.hasAttr('device_type') && c.readString('device_type') === 'memory');
      expect(mem?.reg()[0].size).toBeGreaterThan(0n);
      expect(t.node('/chosen').readStringList('bootcmd').length).toBeGreaterThan(0);
      const con = t.getNode('serial0');
      expect(con?.isCompatible('arm,pl011')).toBe(true);
      expect(t.getNode('/guests')).toBeDefined();
      if (existsSync('/usr/bin/dtc')) {
        const ref = execFileSync('/usr/bin/dtc', ['-q', '-I', 'dts', '-O', 'dtb', join(dir, b)]);
        expect(Buffer.from(writeFdt(t)).equals(ref)).toBe(true);
      }
    });
  }
});
