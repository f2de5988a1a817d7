// Assembles AArch64 source with Debian's binutils (aarch64-linux-gnu-as/ld)
// for tests and fixture generators; callers skip when the tools are absent.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function haveTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Assembles `src` linked at `base` and returns the flat binary. */
export function assemble(src: string, base = 0x40000000): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'a64-'));
  try {
    writeFileSync(join(dir, 'p.S'), src);
    try {
      execFileSync('aarch64-linux-gnu-as', ['-o', join(dir, 'p.o'), join(dir, 'p.S')], { stdio: 'pipe' });
    } catch (e) {
      const err = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
      throw new Error(`aarch64-linux-gnu-as failed:\n${err}\n--- source ---\n${src}`);
    }
    execFileSync('aarch64-linux-gnu-ld', ['-Ttext', '0x' + base.toString(16), '-o', join(dir, 'p.elf'), join(dir, 'p.o')], { stdio: 'pipe' });
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', join(dir, 'p.elf'), join(dir, 'p.bin')], { stdio: 'pipe' });
    return new Uint8Array(readFileSync(join(dir, 'p.bin')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
