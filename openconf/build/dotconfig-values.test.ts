import { describe, expect, it } from 'vitest';
import { parseDotConfigValues } from './dotconfig-values.ts';

describe('parseDotConfigValues', () => {
  it('reads set, unset, module and quoted values', () => {
    const v = parseDotConfigValues(
      ['# comment', 'CONFIG_A=y', '# CONFIG_B is not set', 'CONFIG_C=m', 'CONFIG_D="a \\"q\\" \\\\"', 'CONFIG_E=0x10'].join('\n'),
    );
    expect(v.get('CONFIG_A')).toBe('y');
    expect(v.get('CONFIG_B')).toBe('n');
    expect(v.get('CONFIG_C')).toBe('m');
    expect(v.get('CONFIG_D')).toBe('a "q" \\');
    expect(v.get('CONFIG_E')).toBe('0x10');
    expect(v.has('comment')).toBe(false);
  });
});
