// Build recipe for the guests' basic firmware (tests/<cpu>/<board>/basic/),
// called by `npx tsx Makefile.ts guests`. Uses Debian's cross compilers
// (gcc-arm-none-eabi, gcc-aarch64-linux-gnu). The build is reproducible:
// sources are compiled in a fixed order with paths relative to the
// repository root and -ffile-prefix-map, no build id, no timestamps, so the
// same sources give byte-identical firmware.bin/firmware.elf anywhere.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMMON = 'tests/common/basic';

export interface GuestBoard {
  /** Folder name under tests/<cpu>/. */
  readonly name: string;
  readonly cpu: 'arm32' | 'arm64';
  /** Compiler flags that select the architecture level. */
  readonly archFlags: readonly string[];
  readonly defines: readonly string[];
}

export const GUEST_BOARDS: readonly GuestBoard[] = [
  { name: 'virt-v8', cpu: 'arm64', archFlags: ['-march=armv8-a', '-mgeneral-regs-only', '-mstrict-align'], defines: ['HAVE_GENTIMER'] },
  { name: 'vexpress-a15', cpu: 'arm32', archFlags: ['-march=armv7ve', '-marm', '-mno-unaligned-access'], defines: ['HAVE_GENTIMER', 'ARCH_V7', 'ARCH_VE'] },
  { name: 'virt-v7', cpu: 'arm32', archFlags: ['-march=armv7ve', '-marm', '-mno-unaligned-access'], defines: ['HAVE_GENTIMER', 'ARCH_V7', 'ARCH_VE'] },
  { name: 'vexpress-a9', cpu: 'arm32', archFlags: ['-march=armv7-a', '-marm', '-mno-unaligned-access'], defines: ['ARCH_V7'] },
  { name: 'realview-eb-mpcore', cpu: 'arm32', archFlags: ['-march=armv6k', '-marm', '-mno-unaligned-access'], defines: ['ARCH_V6'] },
  { name: 'versatilepb', cpu: 'arm32', archFlags: ['-march=armv5te', '-marm'], defines: ['ARCH_V5'] },
];

/** Shared sources in link order (the order is part of reproducibility). */
const COMMON_SOURCES = [
  'main.c', 'shell.c', 'cmds.c', 'cmds-time.c', 'cmds-mmu.c', 'cmds-linux.c', 'smp.c',
  'power.c', 'irq.c', 'timer.c', 'fdt.c', 'libc.c', 'dhrystone.c',
  'drivers/pl011.c', 'drivers/gic-v2.c', 'drivers/pl190.c', 'drivers/sp804.c',
  'drivers/pl031.c', 'drivers/vminfo.c',
];

function toolPrefix(cpu: GuestBoard['cpu']): string {
  return cpu === 'arm64' ? 'aarch64-linux-gnu-' : 'arm-none-eabi-';
}

/** The source files of one board, relative to the repository root, in link order. */
export function boardSources(b: GuestBoard): string[] {
  const arch = b.cpu === 'arm64' ? 'arm64' : 'arm32';
  const list = [
    `${COMMON}/arch/${arch}/start.S`,
    ...COMMON_SOURCES.map((s) => `${COMMON}/${s}`),
    `${COMMON}/arch/${arch}/arch.c`,
    `${COMMON}/arch/${arch}/mmu.c`,
  ];
  if (b.cpu === 'arm64') list.push(`${COMMON}/drivers/gic-v3.c`);
  list.push(`tests/${b.cpu}/${b.name}/basic/board.c`);
  return list;
}

/** Whether the cross compiler for this board is on PATH. */
export async function haveCompiler(cpu: GuestBoard['cpu']): Promise<boolean> {
  try {
    await run(`${toolPrefix(cpu)}gcc`, ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function tool(cmd: string, args: string[], verbose: boolean): Promise<void> {
  if (verbose) console.log([cmd, ...args].join(' '));
  try {
    await run(cmd, args, { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} failed:\n${err.stderr ?? err.message}`);
  }
}

/** Builds one board into outDir (firmware.elf and firmware.bin). */
export async function buildBoard(b: GuestBoard, outDir: string, verbose = false): Promise<void> {
  const prefix = toolPrefix(b.cpu);
  const work = await mkdtemp(join(tmpdir(), `basic-${b.name}-`));
  try {
    const cflags = [
      ...b.archFlags, '-ffreestanding', '-nostdlib', '-O2', '-Wall', '-Wextra', '-Werror',
      '-fno-stack-protector', '-fno-pic', '-fno-common', '-fno-ident', '-g',
      `-ffile-prefix-map=${REPO_ROOT}=.`, `-ffile-prefix-map=${work}=.`,
      // arm-none-eabi-gcc does not hand the prefix map to the assembler itself.
      `-Wa,--debug-prefix-map=${REPO_ROOT}=.`,
      ...b.defines.map((d) => `-D${d}`),
      `-I${COMMON}`, `-Itests/${b.cpu}/${b.name}/basic`,
    ];
    const sources = boardSources(b);
    const objs = sources.map((_, i) => join(work, `${String(i).padStart(2, '0')}.o`));
    // Objects are named by position, so compiling them in parallel keeps
    // the link order (and the image) fixed.
    for (let i = 0; i < sources.length; i += 4) {
      await Promise.all(sources.slice(i, i + 4).map((src, k) =>
        tool(`${prefix}gcc`, [...cflags, '-c', src, '-o', objs[i + k]], verbose)));
    }
    const elf = join(work, 'firmware.elf');
    await tool(`${prefix}gcc`, [
      ...cflags, '-static', '-Wl,--build-id=none', '-Wl,-z,noexecstack', '-Wl,--no-warn-rwx-segments',
      `-L${COMMON}`, '-T', `tests/${b.cpu}/${b.name}/basic/firmware.ld`,
      ...objs, '-lgcc', '-o', elf,
    ], verbose);
    const bin = join(work, 'firmware.bin');
    await tool(`${prefix}objcopy`, ['-O', 'binary', elf, bin], verbose);
    await mkdir(outDir, { recursive: true });
    await copyFile(elf, join(outDir, 'firmware.elf'));
    await copyFile(bin, join(outDir, 'firmware.bin'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Builds the named boards (default: all) into their tests/<cpu>/<board>/basic/
 * folders, or into outDir/<board>/ when outDir is given.
 */
export async function buildGuests(opts: { boards?: string[]; verbose?: boolean; outDir?: string } = {}): Promise<void> {
  const wanted = opts.boards ?? GUEST_BOARDS.map((b) => b.name);
  for (const name of wanted) {
    const b = GUEST_BOARDS.find((x) => x.name === name);
    if (!b) throw new Error(`buildGuests: unknown board "${name}" (known: ${GUEST_BOARDS.map((x) => x.name).join(', ')})`);
    if (!(await haveCompiler(b.cpu))) {
      throw new Error(`buildGuests: ${toolPrefix(b.cpu)}gcc not found (Debian: apt-get install ${b.cpu === 'arm64' ? 'gcc-aarch64-linux-gnu' : 'gcc-arm-none-eabi'})`);
    }
    const out = opts.outDir ? join(opts.outDir, b.name) : join(REPO_ROOT, 'tests', b.cpu, b.name, 'basic');
    await buildBoard(b, out, opts.verbose ?? false);
    if (opts.verbose) console.log(`built ${b.cpu}/${b.name}`);
  }
}
