// `npx xvisor dtc`: the device tree compiler front end, with the options
// and messages of dtc(1) (device-tree-compiler package): -I dts|dtb,
// -O dts|dtb, -o file, -i dir (repeatable), -@, -b cpu, -q. Without -O the
// output format follows the -o extension, else dts input gives a blob and a
// blob gives DTS, as dtc does. The work is done by the pure core/devtree.

import { readFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import type { FileReader } from '../devtree/file-reader.ts';
import { compileDtsText } from '../devtree/compile.ts';
import { writeFdt } from '../devtree/fdt-write.ts';
import { readFdt } from '../devtree/fdt-read.ts';
import { printDts } from '../devtree/dts-print.ts';
import { DtsError, FdtError, formatDtcPos } from '../devtree/errors.ts';
import { DtsCheckError } from '../devtree/dts-resolve.ts';
import type { DevTree } from '../devtree/devtree.ts';

const USAGE = `Usage: xvisor dtc [options] <input file>

Options:
  -I, --in-format <arg>   Input formats are: dts, dtb
  -O, --out-format <arg>  Output formats are: dts, dtb
  -o, --out <arg>         Output file (default: standard output)
  -i, --include <arg>     Add a path to search for include files
  -@, --symbols           Enable generation of symbols
  -b, --boot-cpu <arg>    Force the boot cpu id in the blob header
  -R, --reserve <arg>     Make space for <number> reserve map entries
  -S, --space <arg>       Make the blob at least <bytes> long
  -p, --pad <arg>         Add padding to the blob of <bytes> long
  -a, --align <arg>       Make the blob align to the <bytes>
  -q, --quiet             Quiet: no warnings
  -h, --help              Print this help and exit
`;

export const fsReader: FileReader = {
  readFile(path: string): Uint8Array | undefined {
    try {
      if (path === '-') return new Uint8Array(readFileSync(0));
      if (!existsSync(path) || !statSync(path).isFile()) return undefined;
      return new Uint8Array(readFileSync(path));
    } catch {
      return undefined;
    }
  },
};

interface Args {
  inFormat?: string;
  outFormat?: string;
  out?: string;
  includeDirs: string[];
  symbols: boolean;
  bootCpu?: number;
  reserve?: number;
  space?: number;
  pad?: number;
  align?: number;
  input?: string;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { includeDirs: [], symbols: false };
  const take = (i: number, opt: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`option ${opt} requires an argument`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const o = argv[i];
    switch (o) {
      case '-I': case '--in-format': a.inFormat = take(i++, o); break;
      case '-O': case '--out-format': a.outFormat = take(i++, o); break;
      case '-o': case '--out': a.out = take(i++, o); break;
      case '-i': case '--include': a.includeDirs.push(take(i++, o)); break;
      case '-@': case '--symbols': a.symbols = true; break;
      case '-q': case '--quiet': break;
      case '-b': case '--boot-cpu': {
        const v = take(i++, o);
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) return `Invalid boot cpu "${v}"`;
        a.bootCpu = n;
        break;
      }
      case '-R': case '--reserve':
      case '-S': case '--space':
      case '-p': case '--pad':
      case '-a': case '--align': {
        const v = take(i++, o);
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 0x10000000) return `Invalid argument "${v}" to ${o}`;
        const key = ({ '-R': 'reserve', '--reserve': 'reserve', '-S': 'space', '--space': 'space', '-p': 'pad', '--pad': 'pad', '-a': 'align', '--align': 'align' } as const)[o];
        a[key] = n;
        break;
      }
      case '-h': case '--help': return 'help';
      default:
        if (o.startsWith('-') && o !== '-') return `unknown option ${o}`;
        if (a.input !== undefined) return 'more than one input file';
        a.input = o;
    }
  }
  return a;
}

function guessInFormat(path: string, bytes: Uint8Array | undefined): string {
  if (path.endsWith('.dts') || path.endsWith('.dtsi')) return 'dts';
  if (bytes && bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0x0d && bytes[2] === 0xfe && bytes[3] === 0xed) return 'dtb';
  if (path.endsWith('.dtb')) return 'dtb';
  return 'dts';
}

export async function dtcMain(argv: string[]): Promise<number> {
  let args: Args | string;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`Error: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    process.stderr.write(`Error: ${args}\n${USAGE}`);
    return 1;
  }
  const input = args.input ?? '-';
  const bytes = fsReader.readFile(input);
  if (bytes === undefined) {
    process.stderr.write(`FATAL ERROR: Couldn't open "${input}": No such file or directory\n`);
    return 1;
  }
  const inFormat = args.inFormat ?? guessInFormat(input, bytes);
  if (inFormat !== 'dts' && inFormat !== 'dtb') {
    process.stderr.write(`FATAL ERROR: Unknown input format "${inFormat}"\n`);
    return 1;
  }
  const extOut = args.out?.endsWith('.dts') ? 'dts' : args.out?.endsWith('.dtb') ? 'dtb' : undefined;
  const outFormat = args.outFormat ?? extOut ?? (inFormat === 'dts' ? 'dtb' : 'dts');
  if (outFormat !== 'dts' && outFormat !== 'dtb') {
    process.stderr.write(`FATAL ERROR: Unknown output format "${outFormat}"\n`);
    return 1;
  }
  let tree: DevTree;
  try {
    if (inFormat === 'dtb') {
      tree = readFdt(bytes);
      if (args.bootCpu !== undefined) tree.bootCpuidPhys = args.bootCpu;
    } else {
      const name = input === '-' ? '<stdin>' : input;
      tree = compileDtsText(new TextDecoder().decode(bytes), name, fsReader, {
        includeDirs: args.includeDirs,
        symbols: args.symbols,
        bootCpuid: args.bootCpu,
      });
    }
  } catch (e) {
    process.stderr.write(describeError(e));
    return 1;
  }
  if (args.pad !== undefined && args.space !== undefined) {
    process.stderr.write('FATAL ERROR: -p and -S are mutually exclusive\n');
    return 1;
  }
  if (args.align !== undefined && (args.align === 0 || (args.align & (args.align - 1)) !== 0)) {
    process.stderr.write('FATAL ERROR: Invalid argument "' + args.align + '" to -a option\n');
    return 1;
  }
  const out = outFormat === 'dtb'
    ? writeFdt(tree, { extraReserve: args.reserve, padding: args.pad, minSize: args.space, align: args.align })
    : new TextEncoder().encode(printDts(tree));
  try {
    if (args.out === undefined || args.out === '-') process.stdout.write(out);
    else writeFileSync(args.out, out);
  } catch (e) {
    process.stderr.write(`FATAL ERROR: Couldn't open "${args.out}": ${(e as Error).message}\n`);
    return 1;
  }
  return 0;
}

/** dtc's wording and layout for each kind of failure. */
export function describeError(e: unknown): string {
  if (e instanceof DtsCheckError) {
    const lines = e.errors.map((x) => `${x.pos ? formatDtcPos(x.pos) + ': ' : ''}ERROR (${x.check}): ${x.nodePath ? x.nodePath + ': ' : ''}${x.reason}\n`);
    return lines.join('') + 'ERROR: Input tree has errors, aborting (use -f to force output)\n';
  }
  if (e instanceof DtsError) {
    if (e.pos) return `Error: ${formatDtcPos(e.pos)} ${e.reason}\nFATAL ERROR: Unable to parse input tree\n`;
    return `FATAL ERROR: ${e.reason}\n`;
  }
  if (e instanceof FdtError) return `FATAL ERROR: ${e.message}\n`;
  return `FATAL ERROR: ${(e as Error).message ?? String(e)}\n`;
}
