import { Counter } from 'prom-client';

/** What an invalidation changed: a key, or a user's role/status/credentials. */
export type InvalidationKind = 'key' | 'user';

export interface Propagation {
  replicas_confirmed: number;
  replicas_known: number;
}

const announcements = new Counter({
  name: 'latchkey_invalidation_announcements_total',
  help: 'Invalidations identity waited confirmations for, by outcome: complete, incomplete (a known gateway replica did not confirm) or none_known',
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
  announcements.inc({ kind, outcome: outcomeOf(propagation, unconfirmed) });
  if (unconfirmed > 0) missing.inc({ kind }, unconfirmed);
}

/**
 * `none_known`: no gateway replica heard of (no heartbeat in 15 s) and none confirmed. Not
 * "complete": it is what identity sees when its own subscriptions are gone, or the gateways cannot
 * reach NATS, exactly when replicas keep serving from their caches unaware.
 */
function outcomeOf(propagation: Propagation, unconfirmed: number): 'complete' | 'incomplete' | 'none_known' {
  if (propagation.replicas_known === 0) return 'none_known';
  return unconfirmed > 0 ? 'incomplete' : 'complete';
}
