// Records the basic firmware's shell transcript on Debian's QEMU and
// normalises transcripts so that two runs (QEMU against QEMU, or QEMU against
// Xvisor-TS) can be compared command by command. The per-board command lists
// are exported so that the simulator's cross-check test drives the same
// commands. QEMU's board models and boot conventions used here:
//   virt (arm64 and arm32): -bios puts the image in flash at 0 and the DTB
//     at the start of RAM; secondaries wait for PSCI CPU_ON (HVC).
//   vexpress-a9/-a15: -bios puts the image in NOR flash 0, aliased at 0;
//     no DTB; every core starts at 0 and the secondaries park on SYS_FLAGS.
//   realview-eb-mpcore, versatilepb: no -bios; -kernel with the ELF loads it
//     at its RAM link address and starts every core at its entry.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../build-guests.ts';

export interface QemuBoard {
  /** Name of the transcript, e.g. "virt-v8" or "virt-v8-gicv3". */
  readonly name: string;
  /** Guest type folder, tests/<cpu>/<board>. */
  readonly cpu: 'arm32' | 'arm64';
  readonly board: string;
  readonly qemu: 'qemu-system-arm' | 'qemu-system-aarch64';
  /** QEMU arguments after the binary, with FW standing for the firmware folder. */
  readonly args: readonly string[];
}

export const QEMU_BOARDS: readonly QemuBoard[] = [
  { name: 'virt-v8', cpu: 'arm64', board: 'virt-v8', qemu: 'qemu-system-aarch64',
    args: ['-M', 'virt', '-cpu', 'cortex-a57', '-smp', '2', '-m', '128M', '-bios', 'FW/firmware.bin'] },
  { name: 'virt-v8-gicv3', cpu: 'arm64', board: 'virt-v8', qemu: 'qemu-system-aarch64',
    args: ['-M', 'virt,gic-version=3', '-cpu', 'cortex-a57', '-smp', '2', '-m', '128M', '-bios', 'FW/firmware.bin'] },
  { name: 'vexpress-a15', cpu: 'arm32', board: 'vexpress-a15', qemu: 'qemu-system-arm',
    args: ['-M', 'vexpress-a15', '-smp', '2', '-m', '128M', '-bios', 'FW/firmware.bin'] },
  { name: 'virt-v7', cpu: 'arm32', board: 'virt-v7', qemu: 'qemu-system-arm',
    args: ['-M', 'virt', '-cpu', 'cortex-a15', '-smp', '2', '-m', '128M', '-bios', 'FW/firmware.bin'] },
  { name: 'vexpress-a9', cpu: 'arm32', board: 'vexpress-a9', qemu: 'qemu-system-arm',
    args: ['-M', 'vexpress-a9', '-smp', '2', '-m', '128M', '-bios', 'FW/firmware.bin'] },
  { name: 'realview-eb-mpcore', cpu: 'arm32', board: 'realview-eb-mpcore', qemu: 'qemu-system-arm',
    args: ['-M', 'realview-eb-mpcore', '-smp', '2', '-m', '128M', '-kernel', 'FW/firmware.elf'] },
  { name: 'versatilepb', cpu: 'arm32', board: 'versatilepb', qemu: 'qemu-system-arm',
    args: ['-M', 'versatilepb', '-m', '128M', '-kernel', 'FW/firmware.elf'] },
];

export function qemuBoard(name: string): QemuBoard {
  const b = QEMU_BOARDS.find((x) => x.name === name);
  if (!b) throw new Error(`qemu-transcript: unknown board "${name}" (known: ${QEMU_BOARDS.map((x) => x.name).join(', ')})`);
  return b;
}

/** Firmware folder of a board, relative to the repository root. */
export function firmwareDir(b: QemuBoard): string {
  return `tests/${b.cpu}/${b.board}/basic`;
}

/** Committed transcript of a board, relative to the repository root. */
export function transcriptPath(b: QemuBoard): string {
  const suffix = b.name === b.board ? '' : b.name.slice(b.board.length);
  return `tests/${b.cpu}/${b.board}/testdata/qemu-transcript${suffix}.txt`;
}

/** RAM link address of each guest type's firmware (see its firmware.ld). */
export const FIRMWARE_LINK_ADDR: Readonly<Record<string, number>> = {
  'virt-v8': 0x43000000,
  'vexpress-a15': 0x83000000,
  'virt-v7': 0x43000000,
  'vexpress-a9': 0x63000000,
  'realview-eb-mpcore': 0x03000000,
  'versatilepb': 0x03000000,
};

const hex = (n: number): string => n.toString(16);

/**
 * The shell commands a transcript runs, in order, for a guest type. Every
 * command is deterministic apart from the figures normaliseTranscript masks.
 */
export function transcriptCommands(board: string): string[] {
  const link = FIRMWARE_LINK_ADDR[board];
  if (link === undefined) throw new Error(`qemu-transcript: no command list for "${board}"`);
  const scratch = link + 0x00200000;
  return [
    'help', 'hi', 'hello', 'version', 'no_such_command',
    'timer', 'wfi_test 20', 'irq_test', 'smp_test',
    'mmu_state', 'mmu_setup', 'mmu_state', 'mmu_test', 'mmu_cleanup', 'mmu_state',
    'dhrystone 2000', 'memtest',
    `hexdump ${hex(link)} 20`,
    `copy ${hex(scratch)} ${hex(link)} 100`, `hexdump ${hex(scratch)} 20`,
    'linux_cmdline console=ttyAMA0 earlycon', 'linux_memory_size 4000000', 'autoexec',
    // Bad input: each gets a message and the prompt back.
    'hexdump zz 10', 'wfi_test abc', 'copy 1', 'dhrystone 0', 'go', 'hi there',
    `fdt_override_u32 ${hex(scratch)} /chosen/bootargs 1`, `start_linux_fdt ${hex(link + 0x300000)} ${hex(scratch)}`,
    'halt',
  ];
}

/** Line patterns whose figures depend on the host or the wall clock. */
const MASKS: readonly [RegExp, string][] = [
  [/^(Delay measured: )\d+( us)$/, '$1<n>$2'],
  [/^(Time stamp: )\d+( us)$/, '$1<n>$2'],
  [/^(RTC: )\d+( s)$/, '$1<n>$2'],
  [/^(Time spent in WFI: )\d+( us)$/, '$1<n>$2'],
  [/^(Microseconds for \d+ runs: )\d+$/, '$1<n>'],
  [/^(Dhrystones per second: )\d+$/, '$1<n>'],
  [/^(DMIPS: )\d+\.\d+$/, '$1<n>'],
  [/^(copy: .* in )\d+( us)$/, '$1<n>$2'],
  // Where the machine description came from differs between QEMU (a DTB)
  // and a hypervisor (board defaults or vminfo); the values do not.
  [/^(Model: ).*$/, '$1<model>'],
  [/^(DTB: ).*$/, '$1<source>'],
  [/^(RAM: 0x[0-9a-f]+, \d+ MiB )\(.*\)$/, '$1(<source>)'],
];

/** Masks host-dependent figures, drops CRs and trailing blanks. */
export function normaliseTranscript(text: string): string {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .map((line) => {
      const l = line.replace(/\s+$/, '');
      for (const [re, to] of MASKS) if (re.test(l)) return l.replace(re, to);
      return l;
    })
    .join('\n')
    .replace(/\n+$/, '\n');
}

/** Splits a transcript into [command, output] pairs at each "basic# " prompt. */
export function splitByCommand(text: string): { command: string; output: string }[] {
  const parts = text.replace(/\r/g, '').split('basic# ');
  const out: { command: string; output: string }[] = [{ command: '<boot>', output: parts[0] ?? '' }];
  for (const p of parts.slice(1)) {
    const nl = p.indexOf('\n');
    out.push(nl < 0 ? { command: p, output: '' } : { command: p.slice(0, nl), output: p.slice(nl + 1) });
  }
  return out;
}

export function haveQemu(b: QemuBoard): boolean {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, b.qemu))) return true;
  }
  return false;
}

export interface RecordOptions {
  /** Folder holding firmware.bin/firmware.elf (default: the committed one). */
  readonly firmwareDir?: string;
  /** Bound for one command's output, in ms of host time (default 30 s). */
  readonly commandTimeoutMs?: number;
  /** More QEMU arguments (e.g. -dtb). */
  readonly extraArgs?: readonly string[];
}

/**
 * Boots the firmware on QEMU, waits for each prompt, types each command,
 * and returns everything the serial port printed (CRs removed). The last
 * command may end the machine (halt); QEMU is killed after it in any case.
 */
export function recordQemuTranscript(name: string, commands: readonly string[], opts: RecordOptions = {}): Promise<string> {
  const b = qemuBoard(name);
  const fw = opts.firmwareDir ?? join(REPO_ROOT, firmwareDir(b));
  const args = [
    ...b.args.map((a) => a.replace('FW/', `${fw}/`)),
    '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-nodefaults',
    ...(opts.extraArgs ?? []),
  ];
  const limit = opts.commandTimeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(b.qemu, args, { cwd: REPO_ROOT, env: { ...process.env, QEMU_AUDIO_DRV: 'none' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let next = 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    let settle: NodeJS.Timeout | undefined;
    const finish = (e?: Error): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (settle) clearTimeout(settle);
      child.kill('SIGKILL');
      if (e) reject(e);
      else resolve(out.replace(/\r/g, ''));
    };
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (next >= commands.length) finish();
        else finish(new Error(`${name}: no prompt within ${limit} ms after ${next ? `"${commands[next - 1]}"` : 'boot'}\n${out}${err}`));
      }, next >= commands.length ? 700 : limit);
    };
    child.stdout.setEncoding('latin1');
    // A prompt is "basic# " at the end of the output with nothing after it
    // for a moment: autoexec echoes "basic# <cmd>" lines that are not.
    const onPrompt = (): void => {
      if (done) return;
      if (next < commands.length) {
        child.stdin.write(`${commands[next]}\r`);
        next++;
        arm();
      } else {
        finish();
      }
    };
    child.stdout.on('data', (d: string) => {
      out += d;
      if (settle) clearTimeout(settle);
      const clean = out.replace(/\r/g, '');
      if (clean.endsWith('basic# ')) settle = setTimeout(onPrompt, 100);
      else if (next >= commands.length && /System halted\n?$/.test(clean)) {
        // PSCI SYSTEM_OFF and vexpress shutdown end QEMU; the others stop
        // in WFI. Give QEMU a moment to exit on its own.
        arm();
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', (e) => finish(new Error(`${name}: cannot start ${b.qemu}: ${e.message}`)));
    child.on('exit', () => finish());
    arm();
  });
}
