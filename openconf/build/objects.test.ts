import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseObjectsList } from './objects.ts';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'objects-'));
  writeFileSync(join(dir, 'pl011.ts'), 'export const pl011 = {};\n');
  return dir;
}

describe('parseObjectsList', () => {
  it('reads entries and skips comments', () => {
    const dir = folder();
    const e = parseObjectsList('# head\nCONFIG_EMU_SERIAL_PL011 pl011.ts pl011 emulator # tail\n\n', 'x/objects.list', dir);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ symbol: 'CONFIG_EMU_SERIAL_PL011', exportName: 'pl011', kind: 'emulator', where: 'x/objects.list:2' });
  });
  it('names file and line of a malformed entry', () => {
    expect(() => parseObjectsList('\nCONFIG_A pl011.ts\n', 'x/objects.list', folder())).toThrow('x/objects.list:2: expected');
  });
  it('refuses an unknown kind', () => {
    expect(() => parseObjectsList('CONFIG_A pl011.ts pl011 gadget\n', 'l', folder())).toThrow('l:1: unknown kind "gadget"');
  });
  it('refuses a missing module file', () => {
    expect(() => parseObjectsList('CONFIG_A nope.ts x cpu\n', 'l', folder())).toThrow('l:1: module file nope.ts does not exist');
  });
  it('refuses a symbol without the CONFIG_ prefix', () => {
    expect(() => parseObjectsList('A pl011.ts x cpu\n', 'l', folder())).toThrow('bad config symbol');
  });
});
