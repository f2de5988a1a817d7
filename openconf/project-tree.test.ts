// The project's own Kconfig tree (openconf.cfg files from the root) with
// every board defconfig: openconf must write what Kconfiglib writes.
// Skipped without python3-kconfiglib or without a root openconf.cfg.

import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { Kconfig } from './index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CONFIGS = join(ROOT, 'arch', 'arm', 'configs');
const haveKconfiglib =
  existsSync('/usr/bin/python3') &&
  spawnSync('/usr/bin/python3', ['-c', 'import kconfiglib'], { encoding: 'utf8' }).status === 0;
const haveTree = existsSync(join(ROOT, 'openconf.cfg')) && existsSync(CONFIGS);
const boards = haveTree ? readdirSync(CONFIGS).filter((f) => f.endsWith('-defconfig')).sort() : [];
const ENV = { VMM_VERSION: '0.0.0' };

describe.skipIf(!haveKconfiglib || !haveTree)('the project tree against Kconfiglib', () => {
  for (const b of boards) {
    it(b, () => {
      const tmp = mkdtempSync(join(tmpdir(), 'openconf-tree-'));
      try {
        const r = spawnSync('/usr/bin/python3', [
          join(import.meta.dirname, 'testdata', 'kconfiglib-ref.py'), 'openconf.cfg', join(tmp, 'c'), join(tmp, 'm'), join(CONFIGS, b),
        ], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', srctree: '.', ...ENV } });
        expect(r.status, r.stderr).toBe(0);
        const k = Kconfig.load('openconf.cfg', { srcTree: ROOT, env: { srctree: ROOT, ...ENV } });
        k.loadConfig(join(CONFIGS, b));
        expect(k.configText()).toBe(readFileSync(join(tmp, 'c'), 'utf8'));
        expect(k.minConfigText()).toBe(readFileSync(join(tmp, 'm'), 'utf8'));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
