/**
 * A plain text table: a header row, a rule, one row per item, columns as wide as their widest
 * cell. Written here rather than taken from a table library: it is twenty lines, needs no
 * colours or borders, and keeps the output stable for scripts that read it.
 */
export function renderTable(rows: readonly Readonly<Record<string, unknown>>[]): string {
  const columns = columnsOf(rows);
  const cells = rows.map((row) => columns.map((column) => cellText(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((row) => (row[index] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(columns), rule, ...cells.map(line)].map((text) => `${text}\n`).join('');
}

/** Every key of every row, in the order first seen. */
function columnsOf(rows: readonly Readonly<Record<string, unknown>>[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  // One row per item: a newline inside a value would break the table.
  return String(value).replace(/\n/g, '\\n');
}
