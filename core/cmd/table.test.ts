import { describe, expect, it } from 'vitest';
import { formatTable } from './table.ts';

describe('formatTable', () => {
  it('prints dashed rules around a padded header and rows', () => {
    const t = formatTable([{ title: 'ID', width: 3, right: true }, { title: 'Name', width: 6 }], [['0', 'guest0'], ['12', 'g']]);
    expect(t).toBe(['-----------', '  ID Name', '-----------', '   0 guest0', '  12 g', '-----------', ''].join('\n'));
  });
  it('cuts cells wider than their column', () => {
    expect(formatTable([{ title: 'N', width: 3 }], [['abcdef']])).toContain(' abc\n');
  });
});
