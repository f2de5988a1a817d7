import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../build-guests.ts';
import {
  QEMU_BOARDS, haveQemu, normaliseTranscript, qemuBoard, recordQemuTranscript, splitByCommand,
  transcriptCommands, transcriptPath,
} from './qemu-transcript.ts';

const committed = (name: string): string => readFileSync(join(REPO_ROOT, transcriptPath(qemuBoard(name))), 'latin1');

describe('normaliseTranscript', () => {
  it('masks host-dependent figures and keeps the rest', () => {
    const raw = [
      'basic# timer', 'Timer IRQ count: 3', 'Delay measured: 10481 us', 'Time stamp: 39141 us', 'RTC: 1795304439 s',
      'Time spent in WFI: 20147 us', 'Microseconds for 2000 runs: 2384', 'Dhrystones per second: 838926',
      'DMIPS: 477.47', 'copy: 0x100 bytes from 0x43000000 to 0x43200000 in 573 us',
      'Model: linux,dummy-virt', 'DTB: start of RAM', 'RAM: 0x40000000, 128 MiB (DTB)   ', '',
    ].join('\r\n');
    expect(normaliseTranscript(raw)).toBe([
      'basic# timer', 'Timer IRQ count: 3', 'Delay measured: <n> us', 'Time stamp: <n> us', 'RTC: <n> s',
      'Time spent in WFI: <n> us', 'Microseconds for 2000 runs: <n>', 'Dhrystones per second: <n>',
      'DMIPS: <n>', 'copy: 0x100 bytes from 0x43000000 to 0x43200000 in <n> us',
      'Model: <model>', 'DTB: <source>', 'RAM: 0x40000000, 128 MiB (<source>)', '',
    ].join('\n'));
  });

  it('does not mask counts that must match', () => {
    const t = 'smp_test: 2 CPUs counted 20000 under the lock (expected 20000)\nTimer IRQ count: 7\n';
    expect(normaliseTranscript(t)).toBe(t);
    expect(normaliseTranscript('Delay measured: 12 ms\n')).toBe('Delay measured: 12 ms\n');
  });
});

describe('splitByCommand', () => {
  it('pairs each command with its output', () => {
    const parts = splitByCommand('\nBoard Basic Firmware\n\nbasic# hi\nhello\nbasic# halt\nSystem halted\n');
    expect(parts).toEqual([
      { command: '<boot>', output: '\nBoard Basic Firmware\n\n' },
      { command: 'hi', output: 'hello\n' },
      { command: 'halt', output: 'System halted\n' },
    ]);
  });
});

describe('transcript command lists', () => {
  it('refuses an unknown board by name', () => {
    expect(() => transcriptCommands('no-such-board')).toThrow(/no-such-board/);
    expect(() => qemuBoard('no-such-board')).toThrow(/no-such-board/);
  });

  it('ends with halt and exercises SMP, timers, interrupts and the MMU', () => {
    const c = transcriptCommands('virt-v8');
    expect(c.at(-1)).toBe('halt');
    for (const cmd of ['smp_test', 'timer', 'irq_test', 'mmu_test', 'dhrystone 2000']) expect(c).toContain(cmd);
  });
});

describe('committed QEMU transcripts', () => {
  for (const b of QEMU_BOARDS) {
    it(`${b.name}: every command ran and its tests passed`, () => {
      const text = committed(b.name);
      const parts = splitByCommand(text);
      expect(parts.map((p) => p.command)).toEqual(['<boot>', ...transcriptCommands(b.board)]);
      const out = (cmd: string): string => parts.find((p) => p.command === cmd)?.output ?? '';
      expect(parts[0].output).toMatch(/ Basic Firmware\n\nautoboot: disabled\n$/);
      expect(out('hi')).toBe('hello\n');
      expect(out('hello')).toBe('hi\n');
      expect(out('no_such_command')).toBe('Unknown command\n');
      expect(out('irq_test')).toContain('irq_test: passed');
      expect(out('smp_test')).toContain('smp_test: passed');
      expect(out('mmu_test')).toContain('Fail : 0');
      expect(out('dhrystone 2000')).toContain('results are correct');
      expect(out('memtest')).toContain('passed (0 errors)');
      expect(out('wfi_test 20')).toContain('Resumed from WFI instruction');
    });
  }
});

// Re-records on QEMU and compares with the committed transcript, command by
// command, figures masked. Skipped where QEMU is not installed.
describe('QEMU re-recording matches the committed transcript', () => {
  for (const b of QEMU_BOARDS) {
    const fwOk = existsSync(join(REPO_ROOT, `tests/${b.cpu}/${b.board}/basic/firmware.bin`));
    it.skipIf(!haveQemu(b) || !fwOk)(`${b.name}`, async () => {
      const text = await recordQemuTranscript(b.name, transcriptCommands(b.board));
      const now = splitByCommand(normaliseTranscript(text));
      const then = splitByCommand(normaliseTranscript(committed(b.name)));
      expect(now.map((p) => p.command)).toEqual(then.map((p) => p.command));
      for (let i = 0; i < then.length; i++) expect({ command: now[i].command, output: now[i].output }).toEqual(then[i]);
    });
  }
});

// autoexec: a command list at flash + 0xFF000 runs at boot (Xvisor's
// nor_flash.list layout), here on QEMU's virt board.
describe('autoexec from flash on QEMU', () => {
  const b = qemuBoard('virt-v8');
  it.skipIf(!haveQemu(b))('runs the list at boot and says autoboot: enabled', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'autoexec-'));
    try {
      const fw = readFileSync(join(REPO_ROOT, 'tests/arm64/virt-v8/basic/firmware.bin'));
      const image = Buffer.alloc(0xff000 + 64);
      fw.copy(image);
      image.write('hi\nlinux_cmdline quiet\n', 0xff000, 'latin1');
      await writeFile(join(dir, 'firmware.bin'), image);
      const text = await recordQemuTranscript('virt-v8', ['halt'], { firmwareDir: dir });
      expect(text).toContain('autoboot: enabled\nbasic# hi\nhello\nbasic# linux_cmdline quiet\nlinux_cmdline = "quiet"\n');
      expect(text).toContain('System halted');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// The Linux boot path end to end: patch a copy of QEMU's DTB, then
// start_linux_fdt "boots" the firmware itself from its link address, which
// must find the DTB in x0/r2 with the new bootargs and memory size.
describe('start_linux_fdt on QEMU virt', () => {
  for (const name of ['virt-v8', 'virt-v7']) {
    const b = qemuBoard(name);
    it.skipIf(!haveQemu(b))(`${name}: the kernel gets the patched DTB`, async () => {
      const text = await recordQemuTranscript(name, [
        'copy 44000000 40000000 10000',
        'fdt_override_u32 44000000 /cpus/#size-cells 1',
        'linux_cmdline console=ttyAMA0 quiet',
        'linux_memory_size 6000000',
        'start_linux_fdt 43000000 44000000',
        'version',
        'fdt_print_tree',
        'halt',
      ]);
      expect(text).toContain('/cpus/#size-cells = <0x00000001>');
      expect(text).toContain('Jumping into linux ...');
      const after = text.slice(text.indexOf('Jumping into linux ...'));
      expect(after).toContain('DTB: boot argument');
      expect(after).toContain('RAM: 0x40000000, 96 MiB (DTB)');
      expect(after).toMatch(/chosen \{\n(.*\n)*?\s+bootargs = "console=ttyAMA0 quiet";/);
      expect(after).toMatch(/cpus \{\n\s+#size-cells = <0x00000001>;/);
    });
  }
});

// reset reboots the board (PSCI SYSTEM_RESET on virt, SYS_CFGCTRL on
// vexpress) and go jumps: here to the firmware's own entry, which restarts it.
describe('reset and go on QEMU', () => {
  for (const [name, link] of [['virt-v8', '43000000'], ['vexpress-a15', '83000000']] as const) {
    const b = qemuBoard(name);
    it.skipIf(!haveQemu(b))(`${name}: the firmware comes back with its banner`, async () => {
      const text = await recordQemuTranscript(name, ['reset', 'hi', `go ${link}`, 'hello', 'halt']);
      const banners = text.split(' Basic Firmware\n\nautoboot: disabled\n').length - 1;
      expect(banners).toBe(3);
      expect(text).toContain('Resetting the system\n');
      expect(text).toContain(`Jumping to 0x${link}\n`);
      expect(text).toContain('basic# hi\nhello\n');
      expect(text).toContain('basic# hello\nhi\n');
    });
  }
});

// autoexec from the DTB: /chosen "xvisor,autoexec" in a DTB QEMU hands over
// (QEMU's own tree, dumped, with the property added by fdtput).
const onPath = (tool: string): boolean => (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, tool)));
describe('autoexec from /chosen on QEMU', () => {
  const b = qemuBoard('virt-v8');
  it.skipIf(!haveQemu(b) || !onPath('fdtput'))('runs the DTB list at boot', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { execFileSync } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'autoexec-dtb-'));
    try {
      const dtb = join(dir, 'virt.dtb');
      execFileSync('qemu-system-aarch64', ['-M', `virt,dumpdtb=${dtb}`, '-cpu', 'cortex-a57', '-smp', '2', '-m', '128M', '-display', 'none', '-nodefaults'], { stdio: 'ignore' });
      execFileSync('fdtput', ['-t', 's', dtb, '/chosen', 'xvisor,autoexec', 'hello;version']);
      const text = await recordQemuTranscript('virt-v8', ['halt'], { extraArgs: ['-dtb', dtb] });
      expect(text).toContain('autoboot: enabled\nbasic# hello\nhi\nbasic# version\n');
      expect(text).toContain('DTB: start of RAM');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
