/**
 * Comma-separated values as RFC 4180 defines them, for spreadsheets:
 *
 *   "Each record is located on a separate line, delimited by a line break (CRLF)."
 *   "Fields containing line breaks (CRLF), double quotes, and commas should be enclosed in
 *    double-quotes." "a double-quote appearing inside a field must be escaped by preceding it with
 *    another double quote."
 *
 * A null field is empty. The first record is the header.
 */

export type CsvField = string | number | null;

export function csvField(value: CsvField): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], records: readonly (readonly CsvField[])[]): string {
  return [header, ...records].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
