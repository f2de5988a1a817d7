import { describe, it, expect } from 'vitest';
import { FakeContext, probeWith } from '../testing/fake-context.ts';
import { fwCfgEmulator, FwCfg, FwCfgKey, Reg, DMA_CTL_READ, DMA_CTL_SELECT, DMA_CTL_SKIP, DMA_CTL_WRITE, DMA_CTL_ERROR } from './fw-cfg.ts';

function setup() {
  const ctx = new FakeContext({ nodeName: 'fw-cfg', size: 0x18, vcpuCount: 2, attrs: { ram_size: 0x40000000 } });
  const dev = probeWith(fwCfgEmulator, 'qemu,fw-cfg-mmio', ctx) as FwCfg;
  const select = (key: number) => dev.write(Reg.Selector, 2, ((key & 0xff) << 8) | (key >> 8)); // big-endian
  const bytes = (n: number) => Array.from({ length: n }, () => dev.read(Reg.Data, 1));
  return { ctx, dev, select, bytes };
}

const be32 = (v: number) => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;

describe('fw_cfg (MMIO)', () => {
  it('signature, ID with DMA, vcpus and RAM size through the traditional interface', () => {
    const { select, bytes, dev } = setup();
    select(FwCfgKey.SIGNATURE);
    expect(String.fromCharCode(...bytes(4))).toBe('QEMU');
    select(FwCfgKey.ID);
    expect(dev.read(Reg.Data, 4)).toBe(3);
    select(FwCfgKey.NB_CPUS);
    expect(dev.read(Reg.Data, 2)).toBe(2);
    select(FwCfgKey.RAM_SIZE);
    expect(dev.read(Reg.Data, 8)).toBe(0x40000000);
    expect(dev.hi32).toBe(0);
    expect(dev.read(Reg.DmaAddress, 4)).toBe(0x554d4551); // "QEMU" of "QEMU CFG"
    expect(dev.read(Reg.DmaAddress + 4, 4)).toBe(0x47464320);
  });

  it('lists files sorted by name in FW_CFG_FILE_DIR and reads them', () => {
    const { dev, select, bytes } = setup();
    dev.addFile('opt/b', new TextEncoder().encode('bee'));
    const k = dev.addFile('etc/a', new TextEncoder().encode('hello'));
    select(FwCfgKey.FILE_DIR);
    const dir = new Uint8Array(bytes(4 + 128));
    const v = new DataView(dir.buffer);
    expect(v.getUint32(0, false)).toBe(2);
    expect(v.getUint32(4, false)).toBe(5);
    expect(v.getUint16(8, false)).toBe(k);
    expect(new TextDecoder().decode(dir.subarray(12, 17))).toBe('etc/a');
    expect(new TextDecoder().decode(dir.subarray(76, 81))).toBe('opt/b');
    select(k);
    expect(String.fromCharCode(...bytes(7))).toBe('hello\0\0');
    expect(() => dev.addFile('x'.repeat(56), new Uint8Array(1))).toThrow(/1..55/);
  });

  it('DMA: select + read into guest RAM, skip, write refused, 32-bit halves trigger on the low half', () => {
    const { ctx, dev } = setup();
    dev.addFile('etc/table', new Uint8Array([9, 8, 7, 6, 5, 4]));
    const desc = 0x40001000;
    const target = 0x40002000;
    const put = (control: number, len: number, addr: number) => {
      const b = new Uint8Array(16);
      const v = new DataView(b.buffer);
      v.setUint32(0, control, false);
      v.setUint32(4, len, false);
      v.setUint32(12, addr, false);
      ctx.dma.write(desc, b);
    };
    const status = () => new DataView(ctx.dma.ram.buffer).getUint32(desc - ctx.dma.base, false);
    put(((FwCfgKey.FILE_FIRST << 16) | DMA_CTL_SELECT | DMA_CTL_SKIP) >>> 0, 2, 0);
    dev.write(Reg.DmaAddress, 4, be32(0));
    dev.write(Reg.DmaAddress + 4, 4, be32(desc));
    expect(status()).toBe(0);
    put(DMA_CTL_READ, 6, target);
    dev.hi32 = be32(desc);
    dev.write(Reg.DmaAddress, 8, 0);
    expect(status()).toBe(0);
    expect([...ctx.dma.ram.subarray(target - ctx.dma.base, target - ctx.dma.base + 6)]).toEqual([7, 6, 5, 4, 0, 0]);
    put(DMA_CTL_WRITE, 4, target);
    dev.write(Reg.DmaAddress + 4, 4, be32(desc));
    expect(status()).toBe(DMA_CTL_ERROR);
    put(DMA_CTL_READ, 16, 0x7000_0000);
    dev.write(Reg.DmaAddress + 4, 4, be32(desc));
    expect(status()).toBe(DMA_CTL_ERROR);
    dev.write(Reg.DmaAddress + 4, 4, be32(0x10));
    expect(ctx.log.guestErrors().some((m) => /DMA descriptor at 0x10 is outside guest RAM/.test(m))).toBe(true);
  });

  it('logs writes to data and bad widths; save/restore keeps the read position', () => {
    const { ctx, dev, select } = setup();
    dev.write(Reg.Data, 4, 1);
    dev.write(Reg.Selector, 4, 0);
    dev.read(0x18, 4);
    expect(ctx.log.guestErrors().length).toBe(3);
    select(FwCfgKey.SIGNATURE);
    dev.read(Reg.Data, 1);
    const st = dev.save();
    const b = setup();
    b.dev.restore(st);
    expect(String.fromCharCode(...b.bytes(3))).toBe('EMU');
  });
});
