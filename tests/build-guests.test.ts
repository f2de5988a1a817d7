import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUEST_BOARDS, REPO_ROOT, boardSources, buildGuests, haveCompiler } from './build-guests.ts';

const compilers = {
  arm32: await haveCompiler('arm32'),
  arm64: await haveCompiler('arm64'),
};

describe('buildGuests', () => {
  it('refuses an unknown board by name', async () => {
    await expect(buildGuests({ boards: ['no-such-board'] })).rejects.toThrow(/unknown board "no-such-board"/);
  });

  it('lists start code first and the board file last', () => {
    for (const b of GUEST_BOARDS) {
      const s = boardSources(b);
      expect(s[0]).toMatch(/arch\/arm(32|64)\/start\.S$/);
      expect(s.at(-1)).toBe(`tests/${b.cpu}/${b.name}/basic/board.c`);
    }
  });

  // The committed images must be what the sources build to, byte for byte.
  for (const b of GUEST_BOARDS) {
    it.skipIf(!compilers[b.cpu])(`${b.cpu}/${b.name}: rebuild is byte-identical to the committed firmware`, async () => {
      const out = await mkdtemp(join(tmpdir(), 'guests-'));
      try {
        await buildGuests({ boards: [b.name], outDir: out });
        for (const f of ['firmware.bin', 'firmware.elf']) {
          const built = await readFile(join(out, b.name, f));
          const committed = await readFile(join(REPO_ROOT, 'tests', b.cpu, b.name, 'basic', f));
          expect(built.equals(committed), `${f} differs from the committed one: run npx tsx Makefile.ts guests`).toBe(true);
        }
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    });
  }
});
