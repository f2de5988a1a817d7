// Typed errors of the device tree subsystem. Every error names where the
// problem is: a source position (DTS), a byte offset (DTB) or a node path
// (tree operations), so that a user can find it without a debugger.

/** A position in DTS source text (1-based line and column). */
export interface SrcPos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** End of the construct (exclusive column), when known. */
  readonly endLine?: number;
  readonly endCol?: number;
}

export function formatPos(p: SrcPos): string {
  return `${p.file}:${p.line}:${p.col}`;
}

/** dtc's "file:line.col-endcol" form. */
export function formatDtcPos(p: SrcPos): string {
  const end = p.endCol === undefined ? p.col + 1 : p.endCol;
  const el = p.endLine ?? p.line;
  return el === p.line ? `${p.file}:${p.line}.${p.col}-${end}` : `${p.file}:${p.line}.${p.col}-${el}.${end}`;
}

/** Bad DTS or preprocessor input: syntax, unresolved references, duplicates. */
export class DtsError extends Error {
  override name = 'DtsError';
  /** Which dtc check this corresponds to (e.g. "duplicate_label"), or "syntax". */
  readonly check: string;
  readonly reason: string;
  /** Path of the node concerned, when the error is about a node. */
  readonly nodePath?: string;
  constructor(readonly pos: SrcPos | undefined, reason: string, check = 'syntax', nodePath?: string) {
    super(`${pos ? formatPos(pos) + ': ' : ''}${nodePath ? nodePath + ': ' : ''}${reason}`);
    this.check = check;
    this.reason = reason;
    this.nodePath = nodePath;
  }
}

/** A flattened device tree blob that cannot be read; names the byte offset. */
export class FdtError extends Error {
  override name = 'FdtError';
  constructor(readonly offset: number, readonly reason: string) {
    super(`FDT offset 0x${offset.toString(16)}: ${reason}`);
  }
}

/** A tree operation that cannot be done (no such node, wrong attribute type...). */
export class DevTreeError extends Error {
  override name = 'DevTreeError';
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
  }
}
