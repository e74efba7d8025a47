import { boundPath, newId, sourceNetworkOf } from '@latchkey/auth-core';
import type { AuthDeniedData, DenialSample } from '@latchkey/contracts';
import { Counter } from 'prom-client';
import type { DenyReason } from '../authorization/decide';

/** Why a request was refused: the gateway's own reasons, and identity's refusals it passed on. */
export type DenialReason = DenyReason | 'identity_refused';

/**
 * Refusals that cannot be tied to an organisation (an unknown key, a failed sign-in) are filed under
 * this one, grouped by source network; operators read them, tenants never see them.
 */
export const UNKNOWN_ORG = 'unknown';

/** What is read of a refused request for its record's sample (a Fastify request is one). */
export interface DeniedRequest {
  readonly method: string;
  readonly url: string;
  readonly id: string;
}

export interface DenialBudgets {
  /** Distinct records one organisation may have per window; beyond it, its overflow records count. */
  tuplesPerOrg: number;
  /** The same for refusals tied to no organisation (one bucket for all of them). */
  tuplesAnonymous: number;
  /** Organisations tracked per window; refusals of further ones are counted under `unknown`. */
  orgsPerWindow: number;
}

/** One record being counted: created at a tuple's first refusal of the window, then only counted. */
interface Tally {
  count: number;
  first: number;
  last: number;
  reason: DenialReason;
  route: string;
  keyId: string | undefined;
  network: string | undefined;
  overflow: AuthDeniedData['overflow'];
  sample: DenialSample;
  decisionId: string;
}

/** One organisation's (or the anonymous bucket's) records of the window. */
interface Tallies {
  tuples: Map<string, Tally>;
  /** Per reason and status: what came beyond the budget. A fixed, small set. */
  overflow: Map<string, Tally>;
}

const overflowed = new Counter({
  name: 'gateway_denials_overflow_total',
  help:
    'Refusals counted without their own record because a budget was used up: an organisation’s or ' +
    'the anonymous bucket’s distinct records per window (budget), or the organisations tracked per window',
  labelNames: ['bucket'],
});
const overflowOrganisation = overflowed.labels('organisation');
const overflowAnonymous = overflowed.labels('anonymous');
const overflowOrganisations = overflowed.labels('organisations');

/** Longest client address or request id a sample keeps (both should be far shorter). */
const FIELD_MAX = 128;

/**
 * Counts refusals per window in bounded memory, each organisation within its own budget, so that no
 * organisation's (or anonymous) flood can push another's refusals out: the record of a tuple is
 * allocated once per window, every further refusal of it is a `Map` lookup and a counter increment.
 *
 * Memory: at most `orgsPerWindow × (tuplesPerOrg + R) + (tuplesAnonymous + R) + R` records per
 * window, R being the (reason, status) pairs: a fixed set.
 */
export class DenialAggregator {
  private orgs = new Map<string, Tallies>();
  private anonymous: Tallies = { tuples: new Map(), overflow: new Map() };
  /** Refusals of organisations beyond `orgsPerWindow`, per reason and status, filed under `unknown`. */
  private beyondOrgs = new Map<string, Tally>();

  constructor(private readonly budgets: DenialBudgets) {}

  record(
    orgId: string | undefined,
    keyId: string | undefined,
    reason: DenialReason,
    status: number,
    route: string,
    clientIp: string,
    request: DeniedRequest,
    now = Date.now(),
  ): void {
    let tallies: Tallies | undefined;
    let tupleKey: string;
    let network: string | undefined;
    if (orgId === undefined || orgId === UNKNOWN_ORG) {
      tallies = this.anonymous;
      network = sourceNetworkOf(clientIp);
      tupleKey = `${network}\u0000${keyId ?? ''}\u0000${reason}\u0000${status}\u0000${route}`;
    } else {
      tallies = this.orgs.get(orgId);
      if (tallies === undefined) {
        if (this.orgs.size >= this.budgets.orgsPerWindow) {
          overflowOrganisations.inc();
          this.countOverflow(this.beyondOrgs, 'organisations', reason, status, clientIp, request, now);
          return;
        }
        this.orgs.set(orgId, (tallies = { tuples: new Map(), overflow: new Map() }));
      }
      tupleKey = `${keyId ?? ''}\u0000${reason}\u0000${status}\u0000${route}`;
    }
    const tally = tallies.tuples.get(tupleKey);
    if (tally !== undefined) {
      tally.count++;
      tally.last = now;
      return;
    }
    const budget = tallies === this.anonymous ? this.budgets.tuplesAnonymous : this.budgets.tuplesPerOrg;
    if (tallies.tuples.size >= budget) {
      (tallies === this.anonymous ? overflowAnonymous : overflowOrganisation).inc();
      this.countOverflow(tallies.overflow, 'budget', reason, status, clientIp, request, now);
      return;
    }
    tallies.tuples.set(tupleKey, {
      count: 1,
      first: now,
      last: now,
      reason,
      route,
      keyId,
      network,
      overflow: undefined,
      sample: sampleOf(request, status, clientIp),
      decisionId: newId('dcn'),
    });
  }

  private countOverflow(
    into: Map<string, Tally>,
    kind: 'budget' | 'organisations',
    reason: DenialReason,
    status: number,
    clientIp: string,
    request: DeniedRequest,
    now: number,
  ): void {
    const key = `${reason}\u0000${status}`;
    const tally = into.get(key);
    if (tally !== undefined) {
      tally.count++;
      tally.last = now;
      return;
    }
    into.set(key, {
      count: 1,
      first: now,
      last: now,
      reason,
      route: '*',
      keyId: undefined,
      network: undefined,
      overflow: kind,
      sample: sampleOf(request, status, clientIp),
      decisionId: newId('dcn'),
    });
  }

  /** Hands over the window's records as `auth.denied` payloads and starts an empty window. */
  takeWindow(windowStart: Date, windowEnd: Date, gateway: string): { orgId: string; data: AuthDeniedData }[] {
    const window = { window_start: windowStart.toISOString(), window_end: windowEnd.toISOString() };
    const out: { orgId: string; data: AuthDeniedData }[] = [];
    const emit = (orgId: string, tally: Tally) =>
      out.push({
        orgId,
        data: {
          reason: tally.reason,
          ...(tally.keyId === undefined ? {} : { key_id: tally.keyId }),
          ...(tally.network === undefined ? {} : { source_network: tally.network }),
          route: tally.route,
          count: tally.count,
          first_at: new Date(tally.first).toISOString(),
          last_at: new Date(tally.last).toISOString(),
          ...window,
          sample: tally.sample,
          decision_id: tally.decisionId,
          gateway,
          ...(tally.overflow === undefined ? {} : { overflow: tally.overflow }),
        },
      });
    for (const [orgId, tallies] of this.orgs) {
      for (const tally of tallies.tuples.values()) emit(orgId, tally);
      for (const tally of tallies.overflow.values()) emit(orgId, tally);
    }
    for (const tally of this.anonymous.tuples.values()) emit(UNKNOWN_ORG, tally);
    for (const tally of this.anonymous.overflow.values()) emit(UNKNOWN_ORG, tally);
    for (const tally of this.beyondOrgs.values()) emit(UNKNOWN_ORG, tally);
    this.orgs = new Map();
    this.anonymous = { tuples: new Map(), overflow: new Map() };
    this.beyondOrgs = new Map();
    return out;
  }

  /** Records held for the current window (for tests and the bound they state). */
  get size(): number {
    let n = this.anonymous.tuples.size + this.anonymous.overflow.size + this.beyondOrgs.size;
    for (const tallies of this.orgs.values()) n += tallies.tuples.size + tallies.overflow.size;
    return n;
  }
}

/** One refused request as its record's example: the path bounded, never the query string. */
function sampleOf(request: DeniedRequest, status: number, clientIp: string): DenialSample {
  const q = request.url.indexOf('?');
  const path = boundPath(q === -1 ? request.url : request.url.slice(0, q));
  return {
    method: request.method,
    path: path.path,
    path_sha256: path.sha256,
    path_truncated: path.truncated,
    ip: clientIp.slice(0, FIELD_MAX),
    status,
    request_id: String(request.id).slice(0, FIELD_MAX),
  };
}
