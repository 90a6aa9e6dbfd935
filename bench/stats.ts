/** Small helpers the benchmarks share: percentiles and a printed table. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** One timing row of a benchmark table: its median and 95th percentile in milliseconds. */
export const timing = (measure: string, samples: number[], target = '') => ({
  measure,
  p50: ms(percentile(samples, 50)),
  p95: ms(percentile(samples, 95)),
  target,
});
