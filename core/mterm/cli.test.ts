// `npx xvisor` end to end through a pipe: line mode, console mode, the
// options' errors. Each run gets a build directory of its own.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const DTS = join(ROOT, 'tests/arm64/virt-v8/virt-v8-guest.dts');
const BIOS = join(ROOT, 'tests/arm64/virt-v8/basic/firmware.bin');

function xvisor(args: string[], input: string) {
  const build = mkdtempSync(join(tmpdir(), 'xv-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/xvisor.js'), '--build-dir', build, '--telnet-port', 'off', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npx xvisor', () => {
  it('runs piped commands in line mode with the prompt, and the guest console through vserial dump', () => {
    const r = xvisor(['--guest', `${DTS},bios=${BIOS}`], 'guest list\nsleep msecs 50\nvserial dump guest0/uart0\nguest frob\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('XVisor# version\nXvisor v0.3.2');
    expect(r.out).toMatch(/XVisor# guest list\n-+\n ID\s+Name\s+Endianness\s+Device Path\n-+\n 0\s+guest0\s+little\s+\/guests\/guest0\n/);
    expect(r.out).toContain('Virt-v8 Basic Firmware');
    expect(r.out).toContain('basic# ');
    expect(r.out).toContain('Error: unknown sub-command frob');
  });

  it('drives a guest console with vserial bind in a script and returns with ESC x q', () => {
    const r = xvisor(['--guest', `${DTS},bios=${BIOS}`], 'sleep msecs 50\nvserial bind guest0/uart0\nhi\n\x1bxq\necho back\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('[guest0/uart0] ');
    expect(r.out).toMatch(/hi\r?\n\r?hello/);
    expect(r.out).toContain('XVisor# echo back\nback\n');
  });

  it('--mterm none puts the guest console on stdin/stdout and --exit-on-poweroff ends with a summary', async () => {
    // Typed only once the prompt is there, as a person would: input before the
    // firmware set up its UART is dropped by the firmware (as on QEMU).
    const build = mkdtempSync(join(tmpdir(), 'xv-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin/xvisor.js'), '--build-dir', build, '--telnet-port', 'off', '--mterm', 'none', '--time', 'fast', '--exit-on-poweroff', '--max-time', '5s', '--guest', `${DTS},bios=${BIOS}`], { cwd: ROOT });
    let out = '';
    let err = '';
    let step = 0;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (step === 0 && out.includes('basic# ')) {
        step = 1;
        child.stdin.write('hi\r');
      } else if (step === 1 && out.includes('hello')) {
        step = 2;
        child.stdin.write('halt\r');
      }
    });
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code, err).toBe(0);
    expect(out).toContain('Virt-v8 Basic Firmware');
    expect(out).toContain('hello');
    expect(err).toMatch(/guest0: POWEROFF, \d+ instructions, [\d.]+ s virtual time/);
  });

  it('refuses bad options and unreadable files with one clear line', () => {
    expect(xvisor(['--frob'], '').err).toContain('xvisor: unknown option "--frob"');
    const r = xvisor(['--guest', `${DTS},bios=/nonexistent.bin`], '');
    expect(r.code).toBe(2);
    expect(r.err).toContain('/nonexistent.bin');
    const h = xvisor(['--help'], '');
    expect(h.out).toContain('Usage: npx xvisor [options]');
  });
});
