// The build driver, mirroring Xvisor's make:
//
//   npx tsx Makefile.ts [target ...] [O=dir] [VERBOSE=y] [KCONFIG=root-file]
//
// Targets: <board>-defconfig (one per arch/arm/configs/ file), defconfig,
// config, oldconfig, olddefconfig, savedefconfig, menuconfig, all (the
// default), guests, run, test, bench, clean, help. Steps whose inputs did
// not change since the last run are skipped.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SRC_TREE = dirname(fileURLToPath(import.meta.url));
const VERSION = JSON.parse(readFileSync(join(SRC_TREE, 'package.json'), 'utf8')).version as string;

export interface BuildOptions {
  /** Build directory (O=). */
  outDir: string;
  verbose: boolean;
  /** Root Kconfig file (KCONFIG=). */
  kconfig: string;
  /** No progress lines (the runtime prepares its configuration silently). */
  quiet?: boolean;
}

class BuildError extends Error {
  override name = 'BuildError';
}

function log(opts: BuildOptions, msg: string): void {
  if (!opts.quiet) process.stdout.write(`${msg}\n`);
}

function verbose(opts: BuildOptions, msg: string): void {
  if (opts.verbose) process.stdout.write(`${msg}\n`);
}

export function configDir(opts: BuildOptions): string {
  return join(opts.outDir, 'openconf');
}

export function configPath(opts: BuildOptions): string {
  return join(configDir(opts), '.config');
}

function boards(): string[] {
  const dir = join(SRC_TREE, 'arch/arm/configs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('-defconfig'))
    .map((f) => f.slice(0, -'-defconfig'.length))
    .sort();
}

async function loadKconfig(opts: BuildOptions) {
  const { Kconfig } = await import('./openconf/index.ts');
  return Kconfig.load(opts.kconfig, {
    srcTree: SRC_TREE,
    env: { ...process.env, VMM_VERSION: VERSION, srctree: SRC_TREE },
    onWarning: (m: string) => process.stderr.write(`${m}\n`),
  });
}

type Kconf = Awaited<ReturnType<typeof loadKconfig>>;

function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
}

/** Writes .config, config.json and the typed config module. */
function writeConfigOutputs(opts: BuildOptions, kconf: Kconf): void {
  mkdirSync(configDir(opts), { recursive: true });
  writeIfChanged(configPath(opts), kconf.configText());
  writeIfChanged(join(configDir(opts), 'config.json'), `${JSON.stringify(kconf.toJson(), null, 2)}\n`);
  writeIfChanged(join(configDir(opts), 'config.ts'), kconf.toTypeScript());
  log(opts, `  CONFIG  ${relative(process.cwd(), configPath(opts)) || configPath(opts)}`);
}

function writeIfChanged(path: string, text: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}

async function defconfigTarget(opts: BuildOptions, board: string): Promise<void> {
  const file = join(SRC_TREE, 'arch/arm/configs', `${board}-defconfig`);
  if (!existsSync(file)) {
    throw new BuildError(`no defconfig for board "${board}" (have: ${boards().join(', ')})`);
  }
  const kconf = await loadKconfig(opts);
  printWarnings(kconf.loadConfig(file));
  writeConfigOutputs(opts, kconf);
}

async function loadCurrentConfig(opts: BuildOptions): Promise<Kconf> {
  const kconf = await loadKconfig(opts);
  if (existsSync(configPath(opts))) printWarnings(kconf.loadConfig(configPath(opts)));
  return kconf;
}

function lineQuestions(): { ask(q: string): Promise<string>; write(s: string): void; close(): void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  const lines: string[] = [];
  const waiters: ((s: string) => void)[] = [];
  let closed = false;
  rl.on('line', (l) => {
    const w = waiters.shift();
    if (w) w(l);
    else lines.push(l);
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiters.splice(0)) w('');
  });
  return {
    ask(q: string) {
      process.stdout.write(q);
      const l = lines.shift();
      if (l !== undefined) return Promise.resolve(l);
      if (closed) return Promise.resolve('');
      return new Promise((res) => waiters.push(res));
    },
    write(s: string) {
      process.stdout.write(s);
    },
    close() {
      rl.close();
    },
  };
}

async function questionsTarget(opts: BuildOptions, mode: 'config' | 'oldconfig'): Promise<void> {
  const kconf = await loadCurrentConfig(opts);
  const { runConfQuestions } = await import('./openconf/conf.ts');
  const io = lineQuestions();
  try {
    await runConfQuestions(kconf, io, mode);
  } finally {
    io.close();
  }
  writeConfigOutputs(opts, kconf);
}

async function olddefconfigTarget(opts: BuildOptions): Promise<void> {
  writeConfigOutputs(opts, await loadCurrentConfig(opts));
}

async function savedefconfigTarget(opts: BuildOptions): Promise<void> {
  const kconf = await loadCurrentConfig(opts);
  const out = join(configDir(opts), 'defconfig');
  mkdirSync(configDir(opts), { recursive: true });
  kconf.writeMinConfig(out);
  log(opts, `  SAVE    ${relative(process.cwd(), out) || out}`);
}

async function menuconfigTarget(opts: BuildOptions): Promise<void> {
  const kconf = await loadCurrentConfig(opts);
  const { runMenuconfig } = await import('./openconf/menuconfig.ts');
  const { saved } = await runMenuconfig(kconf, { configPath: configPath(opts) });
  if (saved) writeConfigOutputs(opts, kconf);
}

/** Makes sure a .config exists: the generic-v8 defaults when none does. */
async function ensureConfig(opts: BuildOptions): Promise<void> {
  if (existsSync(configPath(opts))) return;
  log(opts, `  CONFIG  no ${configPath(opts)}: using generic-v8-defconfig`);
  await defconfigTarget(opts, 'generic-v8');
}

function hashFiles(files: readonly string[], extra = ''): string {
  const h = createHash('sha256');
  h.update(extra);
  for (const f of [...files].sort()) {
    h.update(f);
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'build' || name.startsWith('.') || name === 'tests') continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(ts|cfg|list|dts|dtsi)$/.test(name) && !name.endsWith('.test.ts')) out.push(p);
    }
  };
  for (const top of ['arch', 'core', 'drivers', 'emulators', 'openconf']) walk(join(SRC_TREE, top));
  out.push(join(SRC_TREE, 'Makefile.ts'), join(SRC_TREE, 'package.json'));
  return out;
}

/** Step runner that skips a step whose inputs hash to the stamp it left. */
function upToDate(opts: BuildOptions, step: string, hash: string): { fresh: boolean; done(): void } {
  const stamp = join(opts.outDir, '.stamps', step);
  const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
  return {
    fresh,
    done() {
      mkdirSync(dirname(stamp), { recursive: true });
      writeFileSync(stamp, hash);
    },
  };
}

export function registryPath(opts: BuildOptions): string {
  return join(configDir(opts), 'registry.ts');
}

/** Generates the registry of built-in objects for the current .config. */
export async function generateRegistry(opts: BuildOptions): Promise<void> {
  await ensureConfig(opts);
  const { collectObjects } = await import('./openconf/build/objects.ts');
  const { registrySource } = await import('./openconf/build/registry.ts');
  const { parseDotConfigValues } = await import('./openconf/build/dotconfig-values.ts');
  const entries = collectObjects(SRC_TREE);
  const values = parseDotConfigValues(readFileSync(configPath(opts), 'utf8'));
  const emulatorSymbols = new Map<string, string>();
  for (const e of entries.filter((x) => x.kind === 'emulator')) {
    const mod = (await import(e.file)) as Record<string, unknown>;
    const exported = mod[e.exportName];
    const list = (Array.isArray(exported) ? exported : [exported]) as { compatible?: { compatible: string }[] }[];
    for (const emu of list) for (const c of emu?.compatible ?? []) emulatorSymbols.set(c.compatible, e.symbol);
  }
  const file = registryPath(opts);
  // The build directory may sit outside the tree (O=/tmp/x): its TypeScript is ESM too.
  writeIfChanged(join(opts.outDir, 'package.json'), '{ "type": "module" }\n');
  if (writeIfChanged(file, registrySource(file, entries, values, emulatorSymbols))) {
    log(opts, `  GEN     ${relative(process.cwd(), file) || file}`);
  }
}

/**
 * What `npx xvisor` needs before it starts: a .config (the build's, the one
 * given with --config, or a board's defaults), its config.json, and the
 * generated registry. Returns their paths.
 */
export async function prepareRuntime(o: { buildDir?: string; config?: string; board?: string; verbose?: boolean }): Promise<{
  configJson: string;
  registry: string;
  config: string;
}> {
  let outDir = resolve(o.buildDir ?? join(SRC_TREE, 'build'));
  const quiet: BuildOptions = { outDir, verbose: o.verbose ?? false, kconfig: join(SRC_TREE, 'openconf.cfg'), quiet: true };
  if (o.config !== undefined || o.board !== undefined) {
    // A configuration of its own gets a build directory of its own, so the main build stays untouched.
    const source = o.config !== undefined ? resolve(o.config) : join(SRC_TREE, 'arch/arm/configs', `${o.board}-defconfig`);
    if (!existsSync(source)) {
      throw new BuildError(o.config !== undefined ? `--config: cannot read ${o.config}` : `--board: no defconfig for board "${o.board}" (have: ${boards().join(', ')})`);
    }
    const key = createHash('sha256').update(readFileSync(source)).update(source).digest('hex').slice(0, 12);
    outDir = join(outDir, `runtime-${key}`);
    quiet.outDir = outDir;
    const kconf = await loadKconfig(quiet);
    printWarnings(kconf.loadConfig(source));
    mkdirSync(configDir(quiet), { recursive: true });
    writeIfChanged(configPath(quiet), kconf.configText());
    writeIfChanged(join(configDir(quiet), 'config.json'), `${JSON.stringify(kconf.toJson(), null, 2)}\n`);
    writeIfChanged(join(configDir(quiet), 'config.ts'), kconf.toTypeScript());
  } else if (!existsSync(configPath(quiet))) {
    const kconf = await loadKconfig(quiet);
    printWarnings(kconf.loadConfig(join(SRC_TREE, 'arch/arm/configs/generic-v8-defconfig')));
    writeConfigOutputs(quiet, kconf);
  } else if (!existsSync(join(configDir(quiet), 'config.json'))) {
    writeConfigOutputs(quiet, await loadCurrentConfig(quiet));
  }
  await generateRegistry(quiet);
  return { configJson: join(configDir(quiet), 'config.json'), registry: registryPath(quiet), config: configPath(quiet) };
}

function run(opts: BuildOptions, cmd: string, args: string[], what: string): void {
  verbose(opts, `  ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: SRC_TREE, stdio: 'inherit' });
  if (r.status !== 0) throw new BuildError(`${what} failed (exit ${r.status ?? r.signal})`);
}

async function allTarget(opts: BuildOptions): Promise<void> {
  await ensureConfig(opts);
  await generateRegistry(opts);
  const inputs = hashFiles([...sourceFiles(), configPath(opts)], opts.outDir);
  const step = upToDate(opts, 'all', inputs);
  if (step.fresh) {
    log(opts, '  UPTODATE all');
    return;
  }
  log(opts, '  TSC     tsconfig.json, tsconfig.pure.json');
  run(opts, process.execPath, [join(SRC_TREE, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.pure.json', '--noEmit'], 'type-check (pure layers)');
  run(opts, process.execPath, [join(SRC_TREE, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], 'type-check');
  await bundle(opts);
  step.done();
}

async function bundle(opts: BuildOptions): Promise<void> {
  const esbuild = await import('esbuild');
  const { formatBuildDate } = await import('./core/mterm/cli.ts');
  const { collectObjects } = await import('./openconf/build/objects.ts');
  const { loadable } = await import('./openconf/build/registry.ts');
  const { parseDotConfigValues } = await import('./openconf/build/dotconfig-values.ts');
  const outFile = join(opts.outDir, 'xvisor.mjs');
  // npm packages stay outside the bundle; a build directory outside the tree finds them through a link.
  const link = join(opts.outDir, 'node_modules');
  if (relative(SRC_TREE, opts.outDir).startsWith('..') && !existsSync(link)) symlinkSync(join(SRC_TREE, 'node_modules'), link, 'dir');
  log(opts, `  BUNDLE  ${relative(process.cwd(), outFile) || outFile}`);
  await esbuild.build({
    entryPoints: [join(SRC_TREE, 'core/mterm/bundle-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: outFile,
    packages: 'external',
    logLevel: opts.verbose ? 'info' : 'warning',
    alias: { '#registry': registryPath(opts), '#config': join(configDir(opts), 'config.json') },
    define: {
      __XVISOR_SRC_TREE__: JSON.stringify(SRC_TREE),
      __XVISOR_BUILD_DIR__: JSON.stringify(opts.outDir),
      __XVISOR_BUILD_DATE__: JSON.stringify(formatBuildDate(statSync(configPath(opts)).mtime)),
    },
    banner: { js: '// Xvisor-TS bundle generated by Makefile.ts' },
  });
  const values = parseDotConfigValues(readFileSync(configPath(opts), 'utf8'));
  for (const m of loadable(collectObjects(SRC_TREE), values)) {
    const out = join(opts.outDir, m.bundle);
    log(opts, `  MODULE  ${relative(process.cwd(), out) || out}`);
    await esbuild.build({
      stdin: {
        contents: `export { ${m.exportName} as items } from ${JSON.stringify(m.source)};\nexport const kind = ${JSON.stringify(m.kind)};\nexport const name = ${JSON.stringify(m.name)};\n`,
        resolveDir: SRC_TREE,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: out,
      packages: 'external',
      logLevel: opts.verbose ? 'info' : 'warning',
    });
  }
}

async function guestsTarget(opts: BuildOptions): Promise<void> {
  const { buildGuests } = await import('./tests/build-guests.ts');
  await buildGuests({ verbose: opts.verbose });
}

function cleanTarget(opts: BuildOptions): void {
  rmSync(opts.outDir, { recursive: true, force: true });
  log(opts, `  CLEAN   ${opts.outDir}`);
}

/** The default scene of `npm start`: two virt-v8 guests on the basic firmware, the terminal on guest0's console. */
export function defaultScene(): string[] {
  const dts = join(SRC_TREE, 'tests/arm64/virt-v8/virt-v8-guest.dts');
  const bios = join(SRC_TREE, 'tests/arm64/virt-v8/basic/firmware.bin');
  return ['--guest', `${dts},name=guest0,bios=${bios}`, '--guest', `${dts},name=guest1,bios=${bios}`, '--bootcmd', 'vserial bind guest0/uart0'];
}

/** Builds what running needs (configuration and registry) and starts the hypervisor; no arguments: the default scene. */
async function runTarget(opts: BuildOptions, extra: string[]): Promise<void> {
  await ensureConfig(opts);
  await generateRegistry(opts);
  const { main } = await import('./core/mterm/cli.ts');
  const args = extra.some((a) => a === '--guest' || a.startsWith('--guest=')) ? extra : [...defaultScene(), ...extra];
  const code = await main(['--build-dir', opts.outDir, ...args]);
  // Stdin and timers may still hold the event loop: leave once output is flushed.
  process.stdout.write('', () => process.exit(code));
}

function testTarget(opts: BuildOptions): void {
  run(opts, process.execPath, [join(SRC_TREE, 'node_modules/vitest/vitest.mjs'), 'run'], 'tests');
}

/** Every *.bench.ts in the tree, each run in its own process so that one's JIT state never colours another's figures. */
function benchTarget(opts: BuildOptions, filter: string[]): void {
  const benches: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === 'build' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.bench.ts')) benches.push(p);
    }
  };
  walk(SRC_TREE);
  const chosen = filter.length === 0 ? benches : benches.filter((b) => filter.some((f) => b.includes(f)));
  if (chosen.length === 0) throw new BuildError(`no benchmark matches ${filter.join(' ')}`);
  for (const b of chosen) {
    log(opts, `\n== ${relative(SRC_TREE, b)}`);
    run(opts, process.execPath, ['--import', 'tsx', b], `benchmark ${relative(SRC_TREE, b)}`);
  }
}

function helpText(): string {
  return [
    'Usage: npx tsx Makefile.ts [target ...] [O=dir] [VERBOSE=y] [KCONFIG=root-file]',
    '',
    'Configuration targets:',
    ...boards().map((b) => `  ${b}-defconfig`.padEnd(28) + `- default configuration for the ${b} host`),
    '  defconfig                 - generic-v8-defconfig',
    '  config                    - ask every question, line by line',
    '  oldconfig                 - ask only the questions new to the current .config',
    '  olddefconfig              - take defaults for everything new, without asking',
    '  savedefconfig             - write a minimal defconfig to O/openconf/defconfig',
    '  menuconfig                - menu-driven configuration in the terminal',
    '',
    'Build targets:',
    '  all (default)             - type-check and bundle what the configuration enables into O/',
    '  guests                    - build the basic firmware of every guest type (cross compilers)',
    '  run [-- args]             - build if needed and start the hypervisor (npm start: two virt-v8 guests)',
    '  test                      - run all tests (npm test)',
    '  bench [-- filter]         - run the benchmarks (*.bench.ts; npm run bench)',
    '  clean                     - remove O/',
    '',
    'Variables: O=<dir> (default build), VERBOSE=y, KCONFIG=<root openconf.cfg>',
  ].join('\n');
}

export async function make(argv: string[]): Promise<number> {
  const opts: BuildOptions = { outDir: resolve(SRC_TREE, 'build'), verbose: false, kconfig: join(SRC_TREE, 'openconf.cfg') };
  const targets: string[] = [];
  const passThrough: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      passThrough.push(...argv.slice(i + 1));
      break;
    }
    const m = /^([A-Z_]+)=(.*)$/.exec(a);
    if (m) {
      const [, k, v] = m as unknown as [string, string, string];
      if (k === 'O') opts.outDir = resolve(process.cwd(), v);
      else if (k === 'VERBOSE') opts.verbose = v === 'y' || v === '1';
      else if (k === 'KCONFIG') opts.kconfig = resolve(process.cwd(), v);
      else throw new BuildError(`unknown variable ${k} (known: O, VERBOSE, KCONFIG)`);
    } else targets.push(a);
  }
  if (targets.length === 0) targets.push('all');
  for (const t of targets) {
    const board = /^(.+)-defconfig$/.exec(t);
    if (board) await defconfigTarget(opts, board[1]!);
    else if (t === 'defconfig') await defconfigTarget(opts, 'generic-v8');
    else if (t === 'config' || t === 'oldconfig') await questionsTarget(opts, t);
    else if (t === 'olddefconfig') await olddefconfigTarget(opts);
    else if (t === 'savedefconfig') await savedefconfigTarget(opts);
    else if (t === 'menuconfig') await menuconfigTarget(opts);
    else if (t === 'all') await allTarget(opts);
    else if (t === 'guests') await guestsTarget(opts);
    else if (t === 'run') await runTarget(opts, passThrough);
    else if (t === 'test') testTarget(opts);
    else if (t === 'bench') benchTarget(opts, passThrough);
    else if (t === 'clean') cleanTarget(opts);
    else if (t === 'help') process.stdout.write(`${helpText()}\n`);
    else throw new BuildError(`no rule to make target '${t}' (try: npx tsx Makefile.ts help)`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  make(process.argv.slice(2)).then(
    (code) => {
      if (process.exitCode === undefined) process.exitCode = code;
    },
    (err: unknown) => {
      const e = err as Error & { file?: string; line?: number };
      process.stderr.write(`make: *** ${e.name === 'KconfigError' || e.name === 'BuildError' || e.name === 'ObjectsListError' ? e.message : (e.stack ?? String(e))}\n`);
      process.exitCode = 2;
    },
  );
}
