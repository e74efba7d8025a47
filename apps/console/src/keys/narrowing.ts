import type { ApiKey, KeyRecommendation } from '../api/types';

/** One field the narrowing changes: its value now and after, in words. */
export interface NarrowingRow {
  field: string;
  before: string;
  after: string;
}

const listText = (items: readonly string[], empty: string) => (items.length ? items.join(', ') : empty);
const rateText = (r: { limit: number; window_seconds: number }) => `${r.limit} per ${r.window_seconds} s`;

/** The preview of "Narrow this key": each field the proposed PATCH changes, old → new. */
export function narrowingDiff(key: ApiKey, proposed: KeyRecommendation['proposed']): NarrowingRow[] {
  const rows: NarrowingRow[] = [];
  if (proposed.scopes)
    rows.push({
      field: 'Scopes',
      before: listText(key.scopes, 'none'),
      after: listText(proposed.scopes, 'none'),
    });
  if (proposed.allowed_paths)
    rows.push({
      field: 'Allowed paths',
      before: listText(key.allowed_paths, 'any path'),
      after: listText(proposed.allowed_paths, 'any path'),
    });
  if (proposed.allowed_ips)
    rows.push({
      field: 'Allowed IPs',
      before: listText(key.allowed_ips, 'any address'),
      after: listText(proposed.allowed_ips, 'any address'),
    });
  if (proposed.rate_limit)
    rows.push({
      field: 'Rate limit',
      before: rateText(key.rate_limit),
      after: rateText(proposed.rate_limit),
    });
  return rows;
}
