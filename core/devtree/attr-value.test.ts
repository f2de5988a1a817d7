import { describe, it, expect } from 'vitest';
import { formatAttr, formatNode, parseAttrValue } from './attr-value.ts';
import { compileDtsText } from './compile.ts';
import { DevTreeError } from './errors.ts';

describe('attribute values for the devtree command', () => {
  it('encodes each type', () => {
    expect(parseAttrValue('uint32', ['1', '0x10'])).toEqual(Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 16]));
    expect(parseAttrValue('physaddr', ['0x100000000'])).toEqual(Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0]));
    expect(parseAttrValue('string', ['a', 'b'])).toEqual(Uint8Array.from([97, 0, 98, 0]));
    expect(parseAttrValue('bytes', ['0xff', '7'])).toEqual(Uint8Array.from([255, 7]));
  });
  it('refuses bad values and types', () => {
    expect(() => parseAttrValue('uint32', ['0x100000000'])).toThrow(/does not fit 32 bits/);
    expect(() => parseAttrValue('uint32', ['12abc'])).toThrow(DevTreeError);
    expect(() => parseAttrValue('bytes', ['256'])).toThrow(/8 bits/);
    expect(() => parseAttrValue('float', ['1'])).toThrow(/unknown attribute type "float"/);
  });
  it('prints attributes and nodes as DTS', () => {
    const t = compileDtsText('/dts-v1/;\n/ { n { s = "x"; c = <1 2>; b = [01]; e; }; };', 'x.dts', undefined);
    const n = t.node('/n');
    expect(formatAttr('c', n.getAttr('c')!)).toBe('c = <0x01 0x02>;');
    expect(formatNode(n)).toBe('n {\n\ts = "x";\n\tc = <0x01 0x02>;\n\tb = [01];\n\te;\n};\n');
  });
});
