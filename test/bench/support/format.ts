/** A table: a header row and body rows, every cell already formatted. */
export interface Table {
  columns: string[];
  rows: string[][];
}

/** Renders a GitHub-flavoured Markdown table (numbers right-aligned when `numeric` says so). */
export function markdownTable(table: Table, numeric: readonly boolean[] = []): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|');
  const header = `| ${table.columns.map(escapeCell).join(' | ')} |`;
  const rule = `| ${table.columns.map((_, index) => (numeric[index] ? '---:' : '---')).join(' | ')} |`;
  const body = table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

/** Renders a table for a terminal: columns padded to their widest cell. */
export function consoleTable(table: Table): string {
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...table.rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(table.columns), line(widths.map((width) => '-'.repeat(width))), ...table.rows.map(line)].join(
    '\n',
  );
}

/** Milliseconds with one decimal below 100 ms, none above. */
export function ms(value: number): string {
  return value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** Bytes as KB (1 KB = 1,000 bytes, the unit size-limit and browsers' devtools use) with two decimals. */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(2)} KB`;
}

/** Bytes as MiB with one decimal (for resident memory). */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A ratio with two decimals and a multiplication sign. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** A rate with thousands separators. */
export function perSecond(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')}/s`;
}
