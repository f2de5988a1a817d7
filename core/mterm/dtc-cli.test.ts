// `npx xvisor dtc` as a user runs it: formats, options, dtc's messages.

import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { dtcMain } from './dtc-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'xvt-dtc-'));
const dtc = existsSync('/usr/bin/dtc') ? '/usr/bin/dtc' : undefined;

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += typeof s === 'string' ? s : Buffer.from(s).toString('latin1');
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  return { out: () => out, err: () => err };
}

afterEach(() => vi.restoreAllMocks());

describe('xvisor dtc', () => {
  const src = join(work, 'a.dts');
  writeFileSync(join(work, 'inc.dtsi'), '/ { from-include; };\n');
  writeFileSync(src, '/dts-v1/;\n/memreserve/ 0x1000 0x1000;\n/include/ "inc.dtsi"\n/ { l: n { p = <&l>; }; };\n');

  it('compiles dts to dtb like dtc, with -@ and -b', async () => {
    const out = join(work, 'a.dtb');
    expect(await dtcMain(['-I', 'dts', '-O', 'dtb', '-@', '-b', '1', '-o', out, src])).toBe(0);
    if (dtc) {
      const ref = execFileSync(dtc, ['-q', '-I', 'dts', '-O', 'dtb', '-@', '-b', '1', src]);
      expect(readFileSync(out).equals(ref)).toBe(true);
    }
  });

  it('pads the blob and reserves entries like dtc (-R, -p, -S, -a)', async () => {
    for (const opts of [['-p', '100'], ['-S', '1000'], ['-a', '64'], ['-R', '2'], ['-R', '1', '-p', '3']]) {
      const out = join(work, 'pad.dtb');
      expect(await dtcMain([...opts, '-O', 'dtb', '-o', out, src])).toBe(0);
      if (dtc) expect(readFileSync(out).equals(execFileSync(dtc, ['-q', ...opts, '-I', 'dts', '-O', 'dtb', src]))).toBe(true);
    }
  });

  it('guesses formats from the input and the -o extension', async () => {
    const out = join(work, 'b.dtb');
    expect(await dtcMain(['-o', out, src])).toBe(0);
    const back = join(work, 'b.dts');
    expect(await dtcMain(['-o', back, out])).toBe(0);
    const text = readFileSync(back, 'utf8');
    expect(text).toContain('/memreserve/\t0x0000000000001000 0x0000000000001000;');
    if (dtc) expect(text).toBe(execFileSync(dtc, ['-q', '-I', 'dtb', '-O', 'dts', out]).toString());
  });

  it('prints syntax errors the way dtc does', async () => {
    const bad = join(work, 'bad.dts');
    writeFileSync(bad, '/dts-v1/;\n/ {\n\tp = <1;\n};\n');
    const c = capture();
    expect(await dtcMain(['-O', 'dtb', bad])).toBe(1);
    expect(c.err()).toBe(`Error: ${bad}:3.8-9 syntax error\nFATAL ERROR: Unable to parse input tree\n`);
  });

  it('prints check errors the way dtc does', async () => {
    const bad = join(work, 'ref.dts');
    writeFileSync(bad, '/dts-v1/;\n/ { p = <&nope>; };\n');
    const c = capture();
    expect(await dtcMain(['-O', 'dtb', bad])).toBe(1);
    expect(c.err()).toMatch(/ref\.dts:2\.\d+-\d+: ERROR \(phandle_references\): \/: Reference to non-existent node or label "nope"\n/);
    expect(c.err()).toMatch(/ERROR: Input tree has errors, aborting/);
  });

  it('reports missing files, bad formats and corrupt blobs', async () => {
    const c = capture();
    expect(await dtcMain([join(work, 'none.dts')])).toBe(1);
    expect(c.err()).toMatch(/FATAL ERROR: Couldn't open ".*none.dts": No such file or directory/);
    expect(await dtcMain(['-I', 'foo', src])).toBe(1);
    expect(c.err()).toMatch(/Unknown input format "foo"/);
    expect(await dtcMain(['-I', 'dtb', src])).toBe(1);
    expect(c.err()).toMatch(/bad magic/);
    expect(await dtcMain(['-x'])).toBe(1);
    expect(c.err()).toMatch(/unknown option -x/);
  });
});
