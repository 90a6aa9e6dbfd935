/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. `text` marks words a
 * person or a shop wrote: one a spreadsheet would run as a formula (= + - @, tab, CR first) is prefixed
 * with an apostrophe, so opening the file runs nothing. Figures and ids are written as they are.
 */
export function csvField(value: string | number | undefined | null, text = false): string {
  if (value === undefined || value === null) return '';
  let cell = String(value);
  if (text && /^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
