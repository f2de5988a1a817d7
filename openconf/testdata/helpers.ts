// Test helper: writes Kconfig files into a fresh temporary directory and
// loads them, so each test states its input inline.

import { afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { Kconfig, type LoadOptions } from '../kconfig.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'openconf-test-'));
  made.push(dir);
  return dir;
}

export function writeTree(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

/** Loads 'Kconfig' (or the first file given) from a temporary tree. */
export function loadTree(files: Record<string, string> | string, opts: LoadOptions = {}): Kconfig {
  const tree = typeof files === 'string' ? { Kconfig: files } : files;
  const dir = writeTree(tree);
  const root = Object.keys(tree)[0]!;
  return Kconfig.load(root, { srcTree: dir, ...opts, env: { ...(opts.env ?? {}) } });
}

/** The error message a load throws (fails the test when it does not throw). */
export function loadError(files: Record<string, string> | string, opts: LoadOptions = {}): Error & { file?: string; line?: number } {
  try {
    loadTree(files, opts);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the load to fail');
}
