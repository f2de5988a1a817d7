// The committed bench image (integer.bin) must be what integer.S assembles to.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, haveTool } from '../testing/asm.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('arm64 integer bench image', () => {
  it.skipIf(!haveTool('aarch64-linux-gnu-as'))('integer.bin matches integer.S', () => {
    const built = assemble(readFileSync(join(here, 'integer.S'), 'utf8'), 0x40000000);
    expect(Buffer.from(built).equals(readFileSync(join(here, 'integer.bin')))).toBe(true);
  });
});
