const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

const utcDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A usage bucket's day: buckets start at UTC midnight, so they are named in UTC, not local time. */
export function formatUtcDay(iso: string | null | undefined, empty = '—'): string {
  return iso ? utcDay.format(new Date(iso)) : empty;
}

export function formatDateTime(iso: string | null | undefined, empty = '—'): string {
  return iso ? dateTime.format(new Date(iso)) : empty;
}

export function formatDate(iso: string | null | undefined, empty = '—'): string {
  return iso ? date.format(new Date(iso)) : empty;
}

/** Splits a list typed one per line or comma-separated, dropping blanks. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
