// Tables as Xvisor's commands print them: a dashed rule, a header row, a
// dashed rule, the rows, a closing rule. Columns are padded to fixed widths.

export interface Column {
  readonly title: string;
  readonly width: number;
  /** Right-align (numbers). */
  readonly right?: boolean;
}

function cell(text: string, col: Column): string {
  const t = text.length > col.width ? text.slice(0, col.width) : text;
  return col.right ? t.padStart(col.width) : t.padEnd(col.width);
}

export function tableRule(columns: readonly Column[]): string {
  const width = columns.reduce((n, c) => n + c.width, 0) + columns.length;
  return '-'.repeat(width);
}

export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const rule = tableRule(columns);
  const line = (cells: readonly string[]): string => ` ${columns.map((c, i) => cell(cells[i] ?? '', c)).join(' ')}`.trimEnd();
  const out = [rule, line(columns.map((c) => c.title)), rule, ...rows.map(line), rule];
  return `${out.join('\n')}\n`;
}
