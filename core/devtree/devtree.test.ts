// The tree API the hypervisor and the `devtree` command use.

import { describe, it, expect } from 'vitest';
import { compileDtsText } from './compile.ts';
import { DevTree, type DevTreeChange } from './devtree.ts';
import { DevTreeError } from './errors.ts';
import { encodeU32s } from './values.ts';

const SRC = `/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <1>;
	aliases { serial0 = &uart; soc = "/soc"; };
	intc: ic { #interrupt-cells = <3>; interrupt-controller; };
	soc {
		#address-cells = <1>;
		#size-cells = <1>;
		interrupt-parent = <&intc>;
		uart: serial@1000 {
			compatible = "arm,pl011", "arm,primecell";
			reg = <0x1000 0x100 0x2000 0x10>;
			interrupts = <0 1 4 0 2 4>;
			big = /bits/ 64 <0x123456789>;
			u32s = <1 2 3>;
			empty;
		};
	};
	mem@80000000 { reg = <0x0 0x80000000 0x10000000>; };
};`;

const tree = (): DevTree => compileDtsText(SRC, 't.dts', undefined);

describe('DevTree', () => {
  it('finds nodes by path, alias, unit-less name and phandle', () => {
    const t = tree();
    const u = t.node('/soc/serial@1000');
    expect(t.getNode('serial0')).toBe(u);
    expect(t.getNode('/soc/serial')).toBe(u);
    expect(t.getNode('soc/serial@1000')).toBe(u);
    expect(t.getNodeByPhandle(t.node('/ic').phandle)?.name).toBe('ic');
    expect(t.getNode('/nope')).toBeUndefined();
    expect(() => t.node('/nope')).toThrow(DevTreeError);
    expect(t.aliases().get('serial0')).toBe('/soc/serial@1000');
  });

  it('typed getters', () => {
    const u = tree().node('serial0');
    expect(u.readStringList('compatible')).toEqual(['arm,pl011', 'arm,primecell']);
    expect(u.readString('compatible')).toBe('arm,pl011');
    expect(u.readU32('u32s', 2)).toBe(3);
    expect(u.readU32Array('u32s')).toEqual([1, 2, 3]);
    expect(u.readU64('big')).toBe(0x123456789n);
    expect(u.readU64('u32s')).toBe(1n << 32n | 2n);
    expect(u.isCompatible('arm,primecell')).toBe(true);
    expect(u.hasAttr('empty')).toBe(true);
    expect(() => u.readU32('u32s', 3)).toThrow(/no u32 at index 3/);
    expect(() => u.readString('u32s')).toThrow(/not a string/);
    expect(() => u.readU32('missing')).toThrow(/attribute missing not found/);
  });

  it('decodes reg with the parent cells and interrupts with the controller cells', () => {
    const t = tree();
    expect(t.node('serial0').reg()).toEqual([{ address: 0x1000n, size: 0x100n }, { address: 0x2000n, size: 0x10n }]);
    expect(t.node('/mem@80000000').reg()).toEqual([{ address: 0x80000000n, size: 0x10000000n }]);
    expect(t.node('serial0').interrupts()).toEqual([[0, 1, 4], [0, 2, 4]]);
    const m = t.node('/mem@80000000');
    m.setU32('reg', 1, 2, 3, 4);
    expect(() => m.reg()).toThrow(/not a multiple/);
  });

  it('edits nodes and attributes and reports each change', () => {
    const t = tree();
    const seen: DevTreeChange[] = [];
    const sub = t.changes.subscribe((c) => seen.push(c));
    const n = t.addNode('/soc', 'timer@3000');
    n.setU32('reg', 0x3000, 0x100);
    t.setAttr('/soc/timer@3000', 'status', new TextEncoder().encode('okay\0'));
    expect(t.node('/soc/timer@3000').readString('status')).toBe('okay');
    const c = t.copyNode('/', 'timer-copy', '/soc/timer@3000');
    expect(c.readU32Array('reg')).toEqual([0x3000, 0x100]);
    c.setU32('reg', 1);
    expect(t.node('/soc/timer@3000').readU32Array('reg')).toEqual([0x3000, 0x100]);
    t.delAttr('/soc/timer@3000', 'status');
    t.deleteNode('/soc/timer@3000');
    expect(t.getNode('/soc/timer@3000')).toBeUndefined();
    sub.unsubscribe();
    expect(seen.map((e) => e.kind)).toEqual(['node-added', 'attr-set', 'attr-set', 'node-added', 'attr-set', 'attr-removed', 'node-removed']);
    expect(seen[0]).toEqual({ kind: 'node-added', path: '/soc/timer@3000' });
  });

  it('keeps attribute order when a value is replaced', () => {
    const u = tree().node('serial0');
    u.setAttr('compatible', encodeU32s([1]));
    expect([...u.attrs.keys()][0]).toBe('compatible');
  });

  it('refuses bad edits with typed errors', () => {
    const t = tree();
    expect(() => t.addNode('/soc', 'serial@1000')).toThrow(/already exists/);
    expect(() => t.addNode('/soc', 'bad name')).toThrow(/bad node name/);
    expect(() => t.addNode('/none', 'x')).toThrow(DevTreeError);
    expect(() => t.delAttr('/soc', 'nope')).toThrow(/not found/);
    expect(() => t.deleteNode('/')).toThrow(/root/);
    expect(() => t.copyNode('/soc/serial@1000', 'loop', '/soc')).toThrow(/own subtree/);
    expect(() => t.node('/soc').setAttr('a b', new Uint8Array(0))).toThrow(/bad attribute name/);
  });

  it('finds nodes by compatible and device_type', () => {
    const t = tree();
    expect(t.findCompatible('arm,primecell').map((n) => n.path())).toEqual(['/soc/serial@1000']);
    expect(t.findCompatible('nope')).toEqual([]);
    t.node('/mem@80000000').setString('device_type', 'memory');
    expect(t.findDeviceType('memory').map((n) => n.name)).toEqual(['mem@80000000']);
  });

  it('iterates in tree order', () => {
    expect([...tree().root.walk()].map((n) => n.path())).toEqual(['/', '/aliases', '/ic', '/soc', '/soc/serial@1000', '/mem@80000000']);
  });
});
