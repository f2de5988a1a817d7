// The compiler's front door: DTS file (with the C preprocessor) -> DevTree
// -> blob, and blob -> DevTree -> DTS, with dtc's option meanings.

import type { DevTree } from './devtree.ts';
import { type FileReader, decodeText } from './file-reader.ts';
import { Preprocessor } from './preprocess.ts';
import { parseDts } from './dts-parse.ts';
import { resolveDts } from './dts-resolve.ts';
import { writeFdt } from './fdt-write.ts';
import { readFdt } from './fdt-read.ts';
import { printDts } from './dts-print.ts';
import { DtsError } from './errors.ts';

export interface CompileOptions {
  /** Include search path for #include and /include/ (dtc -i). */
  readonly includeDirs?: readonly string[];
  /** dtc -@. */
  readonly symbols?: boolean;
  /** dtc -b. */
  readonly bootCpuid?: number;
  /** Run the built-in C preprocessor first (default true). */
  readonly preprocess?: boolean;
  /** Predefined macros. */
  readonly defines?: Readonly<Record<string, string>>;
}

/** Parses and resolves DTS text; `file` names it in errors and anchors relative includes. */
export function compileDtsText(text: string, file: string, reader: FileReader | undefined, opts: CompileOptions = {}): DevTree {
  const includeDirs = opts.includeDirs ?? [];
  let src = text;
  if (opts.preprocess !== false && /^\s*#\s*(include|include_next|define|undef|if|ifdef|ifndef|elif|else|endif|error|warning|pragma)\b/m.test(text)) {
    const rd: FileReader = reader ?? { readFile: () => undefined };
    src = new Preprocessor(rd, { includeDirs, defines: opts.defines }).runText(file, text);
  }
  const parsed = parseDts(src, file, { reader, includeDirs });
  return resolveDts(parsed, { symbols: opts.symbols, bootCpuid: opts.bootCpuid });
}

export function compileDtsFile(path: string, reader: FileReader, opts: CompileOptions = {}): DevTree {
  const b = reader.readFile(path);
  if (b === undefined) throw new DtsError(undefined, `Couldn't open "${path}": No such file or directory`, 'input');
  return compileDtsText(decodeText(b), path, reader, opts);
}

export function dtsToDtb(text: string, file: string, reader?: FileReader, opts: CompileOptions = {}): Uint8Array {
  return writeFdt(compileDtsText(text, file, reader, opts));
}

export function dtbToDts(blob: Uint8Array): string {
  return printDts(readFdt(blob));
}
