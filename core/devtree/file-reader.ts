// How the pure device tree layer reads source files: through a reader that
// the caller supplies (an fs-backed one in the CLI, a map in tests), so that
// core/devtree never touches the file system itself.

export interface FileReader {
  /** The file's bytes, or undefined when it does not exist. */
  readFile(path: string): Uint8Array | undefined;
}

/** A reader over an in-memory map of path -> text or bytes. */
export function mapReader(files: Record<string, string | Uint8Array>): FileReader {
  const enc = new TextEncoder();
  return {
    readFile(path: string): Uint8Array | undefined {
      const f = files[normalizePath(path)] ?? files[path];
      if (f === undefined) return undefined;
      return typeof f === 'string' ? enc.encode(f) : f;
    },
  };
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return path.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/')) return name;
  if (dir === '' || dir === '.') return name;
  return normalizePath(dir.endsWith('/') ? dir + name : `${dir}/${name}`);
}

/** Removes "." and "x/.." segments; keeps a leading "/" or leading "..". */
export function normalizePath(path: string): string {
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && abs) continue;
    else out.push(seg);
  }
  const s = out.join('/');
  return abs ? '/' + s : s === '' ? '.' : s;
}

const utf8 = new TextDecoder();
export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
