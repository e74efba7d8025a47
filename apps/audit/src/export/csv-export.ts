import type { AuditEventView } from '@latchkey/contracts';

/** The export's columns, in order (wire format: spreadsheets and scripts read them by position). */
export const CSV_COLUMNS = [
  'id',
  'seq',
  'type',
  'occurred_at',
  'received_at',
  'key_id',
  'actor_id',
  'outcome',
  'subject',
  'source',
  'chain_seq',
  'hash',
  'data',
] as const satisfies readonly (keyof AuditEventView)[];

/**
 * Text a spreadsheet would take as the start of a formula (OWASP, CSV injection): `=`, `+`, `-`,
 * `@`, and a tab or carriage return before any of them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: every cell quoted (RFC 4180, so commas, quotes and line breaks stay inside it), and text
 * that starts like a formula prefixed with `'`, so a key name such as `=HYPERLINK(…)` that reached
 * the trail is shown, never run, when the export is opened in a spreadsheet.
 */
export function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\n`;
}

export function csvRow(row: AuditEventView): string {
  return `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\n`;
}
