import { describe, it, expect } from 'vitest';
import { wrapText } from './text-wrap.ts';

describe('wrapText', () => {
  it('wraps at word boundaries within the width', () => {
    const lines = wrapText('the quick brown fox jumps over the lazy dog', 15);
    expect(lines).toEqual(['the quick brown', 'fox jumps over', 'the lazy dog']);
    expect(lines.every((l) => l.length <= 15)).toBe(true);
  });

  it('keeps paragraphs, indentation and aligned columns', () => {
    expect(wrapText('Type  : bool\n\n  - one two three', 12)).toEqual(['Type  : bool', '', '  - one two', '  three']);
  });

  it('breaks a word longer than the line', () => {
    expect(wrapText('/very/long/path/name', 8)).toEqual(['/very/lo', 'ng/path/', 'name']);
  });

  it('expands tabs', () => {
    expect(wrapText('\tx', 40)).toEqual(['        x']);
  });
});
