import { describe, it, expect } from 'vitest';
import { fitLine, lineWidth, plainText, restyle, toMarkup } from './styled-text.ts';

describe('styled text', () => {
  it('cuts and pads lines to a width', () => {
    const line = [{ text: 'abc' }, { text: 'def', style: { bold: true } }];
    expect(plainText(fitLine(line, 4))).toBe('abcd');
    const padded = fitLine('ab', 5, { bg: 'blue' });
    expect(lineWidth(padded)).toBe(5);
    expect(padded[1]).toEqual({ text: '   ', style: { bg: 'blue' } });
  });

  it('escapes braces so that text never becomes markup', () => {
    expect(toMarkup('a{b}c')).toBe('a{open}b{close}c');
    expect(toMarkup([{ text: 'x', style: { fg: 'red', bold: true } }, { text: 'y' }])).toBe('{red-fg}{bold}x{/}y');
  });

  it('restyles every span', () => {
    expect(restyle([{ text: 'a', style: { fg: 'red' } }], { bg: 'blue' })).toEqual([{ text: 'a', style: { fg: 'red', bg: 'blue' } }]);
  });
});
