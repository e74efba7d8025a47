import type { BulkRevocation } from '../api/types';

export interface KeyRef {
  id: string;
  name: string;
}

const keys = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

/** "3 keys", "1 key". */
export const pluralKeys = keys;

/** The toast's words once a plan ran: what was revoked, what was left, and the replicas. */
export function revocationSummary(result: BulkRevocation): string {
  const skipped = result.skipped.length;
  return (
    `Revoked ${keys(result.count)}` +
    (skipped > 0 ? `; ${keys(skipped)} left as they were (revoked or deleted meanwhile)` : '') +
    '.'
  );
}

/** The filter form's values, as typed. */
export interface FilterForm {
  environment: '' | 'live' | 'test';
  status: '' | 'active' | 'expiring_soon' | 'expired';
  q: string;
  created_by: string;
  scope: string;
  prefix: string;
  last_used_from: string;
  created_before: string;
  created_after: string;
  unused_since: string;
}

export const EMPTY_FILTER: FilterForm = {
  environment: '',
  status: '',
  q: '',
  created_by: '',
  scope: '',
  prefix: '',
  last_used_from: '',
  created_before: '',
  created_after: '',
  unused_since: '',
};

const DATES = ['created_before', 'created_after', 'unused_since'] as const;

/**
 * The API's filter from the form: empty fields are left out, dates (a day, from a date input) become
 * the start of that day in UTC. The API checks the rest (addresses, scopes) and answers what is wrong.
 */
export function filterOf(form: FilterForm): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const [name, raw] of Object.entries(form) as [keyof FilterForm, string][]) {
    const value = raw.trim();
    if (!value) continue;
    filter[name] = (DATES as readonly string[]).includes(name) ? `${value}T00:00:00Z` : value;
  }
  return filter;
}
