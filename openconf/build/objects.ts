// Each folder lists what it builds beside the code it gates, as Xvisor's
// objects.mk files do. An `objects.list` line reads
//
//   <CONFIG_SYMBOL> <module file, relative to the folder> <export name> <kind>
//
// where kind is emulator, command, cpu or driver. The build driver turns the
// enabled lines into the generated registry that the runtime imports.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export type ObjectKind = 'emulator' | 'command' | 'cpu' | 'driver';
const KINDS: readonly ObjectKind[] = ['emulator', 'command', 'cpu', 'driver'];

export interface ObjectEntry {
  readonly symbol: string;
  /** Absolute path of the module file. */
  readonly file: string;
  readonly exportName: string;
  readonly kind: ObjectKind;
  /** Where the entry was declared, for error messages. */
  readonly where: string;
}

export class ObjectsListError extends Error {
  override name = 'ObjectsListError';
}

export function parseObjectsList(text: string, listFile: string, folder: string): ObjectEntry[] {
  const entries: ObjectEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const where = `${listFile}:${i + 1}`;
    const fields = line.split(/\s+/);
    if (fields.length !== 4) {
      throw new ObjectsListError(`${where}: expected "<CONFIG_SYMBOL> <file> <export> <kind>", got "${line}"`);
    }
    const [symbol, file, exportName, kind] = fields as [string, string, string, string];
    if (!/^CONFIG_[A-Z0-9_]+$/.test(symbol)) throw new ObjectsListError(`${where}: bad config symbol "${symbol}"`);
    if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new ObjectsListError(`${where}: bad export name "${exportName}"`);
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new ObjectsListError(`${where}: unknown kind "${kind}" (expected ${KINDS.join(', ')})`);
    }
    const path = join(folder, file);
    if (!existsSync(path)) throw new ObjectsListError(`${where}: module file ${file} does not exist`);
    entries.push({ symbol, file: path, exportName, kind: kind as ObjectKind, where });
  });
  return entries;
}

const SKIP = new Set(['node_modules', 'build', '.git', 'tests', 'testdata']);

/** Every objects.list under the source tree, in a stable (sorted) order. */
export function collectObjects(srcTree: string): ObjectEntry[] {
  const out: ObjectEntry[] = [];
  const walk = (dir: string): void => {
    const names = readdirSync(dir).sort();
    if (names.includes('objects.list')) {
      const listFile = join(dir, 'objects.list');
      out.push(...parseObjectsList(readFileSync(listFile, 'utf8'), relative(srcTree, listFile), dir));
    }
    for (const name of names) {
      if (SKIP.has(name) || name.startsWith('.')) continue;
      const sub = join(dir, name);
      if (statSync(sub).isDirectory()) walk(sub);
    }
  };
  walk(srcTree);
  return out;
}
