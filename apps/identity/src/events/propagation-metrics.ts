import { Counter } from 'prom-client';

/** What an invalidation changed: a key, or a user's role/status/credentials. */
export type InvalidationKind = 'key' | 'user';

export interface Propagation {
  replicas_confirmed: number;
  replicas_known: number;
}

const announcements = new Counter({
  name: 'latchkey_invalidation_announcements_total',
  help: 'Invalidations identity waited confirmations for, by whether every known gateway replica confirmed',
  labelNames: ['kind', 'outcome'],
});
const missing = new Counter({
  name: 'latchkey_invalidation_confirmations_missing_total',
  help: 'Gateway replicas known (by their heartbeats) that did not confirm an invalidation in time',
  labelNames: ['kind'],
});

/**
 * Counts one announcement's outcome. A replica that stays unconfirmed keeps serving a revoked key
 * or a demoted user until its cache entry expires (the bounded staleness), so operators alert on
 * it rather than wait for a caller to read `propagation` in a revocation's response.
 */
export function recordPropagation(kind: InvalidationKind, propagation: Propagation): void {
  const unconfirmed = Math.max(0, propagation.replicas_known - propagation.replicas_confirmed);
  announcements.inc({ kind, outcome: unconfirmed > 0 ? 'incomplete' : 'complete' });
  if (unconfirmed > 0) missing.inc({ kind }, unconfirmed);
}
