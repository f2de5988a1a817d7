// The command line of `npx xvisor`, parsed into a plain object. Kept apart
// from the code that acts on it so that every option and every bad input has
// a test.

export interface GuestSpec {
  /** Guest DTS (or DTB) file. */
  readonly dts: string;
  name?: string;
  vcpus?: number;
  /** Size in bytes of the region the guest tree's mem0 alias names. */
  mem?: number;
  kernel?: string;
  initrd?: string;
  append?: string;
  bios?: string;
  dtb?: string;
  readonly images: { file: string; addr: number }[];
}

export type MtermMode = 'tui' | 'line' | 'none';

export interface CliOptions {
  config?: string;
  board?: string;
  buildDir?: string;
  readonly guests: GuestSpec[];
  readonly bootcmds: string[];
  mterm?: MtermMode;
  exitOnPoweroff: boolean;
  /** Undefined when not given: the front end picks (real for a person at a terminal, fast for scripts). */
  time?: 'fast' | 'real';
  seed?: number;
  help: boolean;
  version: boolean;
  /** Stop the simulation after this much virtual time (ns); for scripts and tests. */
  maxTimeNs?: number;
  /** Telnet port of the management terminal (0: ephemeral; null: off); default CONFIG_MTERM_TELNET_PORT. */
  telnetPort?: number | null;
}

export class CliError extends Error {
  override name = 'CliError';
}

/** Sizes as QEMU's -m takes them: 512M, 1G, 64K, plain bytes, hex. */
export function parseSize(text: string, what: string): number {
  const m = /^(0x[0-9a-f]+|[0-9]+)([kmgt]?)(i?b)?$/i.exec(text.trim());
  if (!m) throw new CliError(`${what}: bad size "${text}" (examples: 512M, 1G, 0x8000000)`);
  const base = m[1]!.toLowerCase().startsWith('0x') ? parseInt(m[1]!.slice(2), 16) : parseInt(m[1]!, 10);
  const shift = { '': 0, k: 10, m: 20, g: 30, t: 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const v = base * 2 ** shift;
  if (!Number.isSafeInteger(v) || v <= 0) throw new CliError(`${what}: size "${text}" is out of range`);
  return v;
}

export function parseAddress(text: string, what: string): number {
  const t = text.trim();
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^[0-9]+$/.test(t)) v = parseInt(t, 10);
  else throw new CliError(`${what}: bad address "${text}"`);
  if (!Number.isSafeInteger(v)) throw new CliError(`${what}: address "${text}" is out of range`);
  return v;
}

/** Parses `<guest.dts>[,key=value]...`; commas inside append= are kept when quoted with "..." or when no key follows. */
export function parseGuestSpec(text: string): GuestSpec {
  const parts = splitSpec(text);
  const dts = parts.shift();
  if (!dts) throw new CliError(`--guest: missing guest DTS file in "${text}"`);
  if (dts.includes('=')) throw new CliError(`--guest: the first item must be the guest DTS file, got "${dts}"`);
  const spec: GuestSpec = { dts, images: [] };
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) throw new CliError(`--guest ${dts}: "${p}" is not key=value`);
    const key = p.slice(0, eq);
    const value = p.slice(eq + 1);
    const ctx = `--guest ${dts}: ${key}=`;
    switch (key) {
      case 'name':
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(value)) throw new CliError(`${ctx}: bad guest name "${value}"`);
        spec.name = value;
        break;
      case 'vcpus': {
        if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 64) {
          throw new CliError(`${ctx}: vcpu count must be 1..64, got "${value}"`);
        }
        spec.vcpus = Number(value);
        break;
      }
      case 'mem':
        spec.mem = parseSize(value, ctx);
        break;
      case 'kernel':
      case 'initrd':
      case 'bios':
      case 'dtb':
        if (value === '') throw new CliError(`${ctx}: missing file name`);
        spec[key] = value;
        break;
      case 'append':
        spec.append = value;
        break;
      case 'image': {
        const at = value.lastIndexOf('@');
        if (at <= 0) throw new CliError(`${ctx}: expected <file>@<address>, got "${value}"`);
        spec.images.push({ file: value.slice(0, at), addr: parseAddress(value.slice(at + 1), ctx) });
        break;
      }
      default:
        throw new CliError(`--guest ${dts}: unknown key "${key}" (known: name, vcpus, mem, kernel, initrd, append, bios, dtb, image)`);
    }
  }
  return spec;
}

const SPEC_KEYS = /^(name|vcpus|mem|kernel|initrd|append|bios|dtb|image)=/;

/** Splits on commas, but a comma inside "..." or before text that is not `key=` stays in the value (kernel command lines). */
function splitSpec(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      quote = !quote;
      continue;
    }
    if (c === ',' && !quote && (out.length === 0 || SPEC_KEYS.test(text.slice(i + 1)))) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (quote) throw new CliError(`--guest: unterminated quote in "${text}"`);
  out.push(cur);
  return out;
}

export function parseCli(argv: readonly string[]): CliOptions {
  const o: CliOptions = { guests: [], bootcmds: [], exitOnPoweroff: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new CliError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--config':
        o.config = value();
        break;
      case '--board':
        o.board = value();
        break;
      case '--build-dir':
        o.buildDir = value();
        break;
      case '--guest':
        o.guests.push(parseGuestSpec(value()));
        break;
      case '--bootcmd':
        o.bootcmds.push(value());
        break;
      case '--mterm': {
        const v = value();
        if (v !== 'tui' && v !== 'line' && v !== 'none') throw new CliError(`--mterm: expected tui, line or none, got "${v}"`);
        o.mterm = v;
        break;
      }
      case '--exit-on-poweroff':
        o.exitOnPoweroff = true;
        break;
      case '--time': {
        const v = value();
        if (v !== 'fast' && v !== 'real') throw new CliError(`--time: expected fast or real, got "${v}"`);
        o.time = v;
        break;
      }
      case '--seed': {
        const v = value();
        if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new CliError(`--seed: expected a non-negative integer, got "${v}"`);
        o.seed = Number(v);
        break;
      }
      case '--max-time': {
        const v = value();
        const m = /^([0-9]+(?:\.[0-9]+)?)(ns|us|ms|s)$/.exec(v);
        if (!m) throw new CliError(`--max-time: expected a duration like 500ms or 10s, got "${v}"`);
        o.maxTimeNs = Math.round(Number(m[1]) * { ns: 1, us: 1e3, ms: 1e6, s: 1e9 }[m[2] as 'ns' | 'us' | 'ms' | 's']);
        break;
      }
      case '--telnet-port': {
        const v = value();
        if (v === 'off') o.telnetPort = null;
        else if (/^[0-9]+$/.test(v) && Number(v) <= 65535) o.telnetPort = Number(v);
        else throw new CliError(`--telnet-port: expected a port number 0..65535 or off, got "${v}"`);
        break;
      }
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--version':
      case '-V':
        o.version = true;
        break;
      default:
        throw new CliError(`unknown option "${a}" (see --help)`);
    }
  }
  return o;
}

export const HELP_TEXT = `Usage: npx xvisor [options]
       npx xvisor dtc [-I dts|dtb] [-O dts|dtb] [-o out] [-i incdir] [-@] file

Starts the Xvisor-TS hypervisor: creates, loads and kicks the guests given
with --guest, runs the boot commands, and opens the management terminal.

Options:
  --config <.config>       configuration to run with (default: the build's,
                           else generic-v8 defaults)
  --board <name>           host board (generic-v5, -v6, -v7, -v7-ve, -v8)
  --build-dir <dir>        build directory (default build/)
  --guest <guest.dts>[,name=<n>][,vcpus=<N>][,mem=<size>][,kernel=<file>]
          [,initrd=<file>][,append=<cmdline>][,bios=<file>][,dtb=<file>]
          [,image=<file>@<addr>]...
                           create, load and kick a guest at start-up; repeat
                           for several guests. kernel, initrd, append and
                           bios mean what they mean to QEMU; mem= sizes the
                           region of the mem0 alias; vcpus= instantiates the
                           vcpu_template; image= places a file at a guest
                           physical address
  --bootcmd "<cmd>; <cmd>" management commands to run after start-up
  --mterm tui|line|none    the terminal: blessed UI, plain lines (default when
                           stdin is not a terminal), or none: the first
                           guest's console on stdin/stdout
  --exit-on-poweroff       exit once every guest has powered off, printing a
                           summary line per guest
  --time fast|real         virtual time as fast as possible, or held to wall
                           time (default: real in the terminal UI and with
                           --mterm none, fast in line mode)
  --seed <n>               seed of the simulation's random source
  --max-time <duration>    stop after this much virtual time (e.g. 10s)
  --telnet-port <n>|off    serve the management terminal on 127.0.0.1:<n>
                           (0: any free port; default CONFIG_MTERM_TELNET_PORT
                           when CONFIG_MTERM_TELNET=y)
  --help, --version
`;
