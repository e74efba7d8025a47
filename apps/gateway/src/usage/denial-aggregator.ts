import { boundPath, newId, sourceNetworkOf } from '@latchkey/auth-core';
import {
  IdPrefix,
  SYSTEM_ORG_ID,
  type AuthDeniedData,
  type DenialReason,
  type DenialSample,
  type KeySnapshot,
  type KeyState,
} from '@latchkey/contracts';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';

/** Why a request was refused: the gateway's own reasons, and identity's refusals it passed on. */
export type { DenialReason } from '@latchkey/contracts';

/** What is read of a refused request for its record's sample (a Fastify request is one). */
export interface DeniedRequest {
  readonly method: string;
  readonly url: string;
  readonly id: string;
}

/**
 * What explains a refusal beyond its tuple (ADR 0023): the key as it was decided on, and the scope
 * the route required. Read only when a record is created (a tuple's first refusal of the window).
 */
export interface DenialDetail {
  readonly key?: KeySnapshot | undefined;
  readonly requiredScope?: string | undefined;
  /**
   * The answer must not be linkable to other answers (an unknown, revoked or canary key's 401 and
   * the failed-authentication 429): two refusals sharing a record would share its id, and the id
   * would then tell a known key from an unknown one. Such a refusal gets an id of its own, kept
   * as an alias of the record (at most ALIASES_PER_RECORD of them), so it can still be explained.
   */
  readonly unlinkable?: boolean;
}

/** Aliases a record keeps (ADR 0023): later unlinkable refusals of it get ids that explain nothing. */
export const ALIASES_PER_RECORD = 32;

export interface DenialBudgets {
  /** Distinct records one organisation may have per window; beyond it, its overflow records count. */
  tuplesPerOrg: number;
  /** The same for refusals tied to no organisation (one bucket for all of them). */
  tuplesAnonymous: number;
  /** Organisations tracked per window; refusals of further ones are counted under the system tenant. */
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
  keyState: KeyState | undefined;
  requiredScope: string | undefined;
  decisionId: string;
  aliases: string[] | undefined;
}

/**
 * Records by tuple, one level per part, each keyed by a value the caller already holds (the key id,
 * the reason, the route label, the status): a refusal looks its record up without building a
 * composite key (a new string to hash on every refusal cost several times the lookups).
 */
type ByStatus = Map<number, Tally>;
type ByRoute = Map<string, ByStatus>;
type ByReason = Map<DenialReason, ByRoute>;
/** Key id, or '' for none. */
type ByKey = Map<string, ByReason>;

/**
 * One organisation's (or the anonymous bucket's) records of the window. Refusals that cannot be tied
 * to an organisation (an unknown key, a failed sign-in) go to the system tenant (SYSTEM_ORG_ID),
 * grouped by source network; operators read them, tenants never see them.
 */
interface Tallies {
  /** By source network (the anonymous bucket), or under '' (an organisation). */
  bySource: Map<string, ByKey>;
  /** Records in `bySource`: checked against the budget. */
  records: number;
  /** What came beyond the budget, per reason and status: a fixed, small set. */
  overflow: Map<DenialReason, ByStatus>;
}

const newTallies = (): Tallies => ({ bySource: new Map(), records: 0, overflow: new Map() });

/** Client addresses whose source network is remembered per window (the anonymous flood's case). */
const NETWORKS_REMEMBERED = 10_000;

/**
 * Added when a window is handed over, from the overflow records' counts: a labelled increment per
 * refusal would cost more than the rest of recording it.
 */
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
 * window, R being the (reason, status) pairs: a fixed set; and up to 10,000 remembered client
 * addresses' source networks.
 */
export class DenialAggregator {
  private orgs = new Map<string, Tallies>();
  private anonymous = newTallies();
  /** Refusals of organisations beyond `orgsPerWindow`, per reason and status, filed under the system tenant. */
  private beyondOrgs = new Map<DenialReason, ByStatus>();
  /** Source networks of recent client addresses (a memo: the least recently used forgotten first). */
  private readonly networks = new LRUCache<string, string>({ max: NETWORKS_REMEMBERED });

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
    detail: DenialDetail = NO_DETAIL,
  ): string {
    const anonymous = orgId === undefined || orgId === SYSTEM_ORG_ID;
    let tallies: Tallies | undefined;
    let source = '';
    if (anonymous) {
      tallies = this.anonymous;
      source = this.networkOf(clientIp);
    } else {
      tallies = this.orgs.get(orgId);
      if (tallies === undefined) {
        if (this.orgs.size >= this.budgets.orgsPerWindow) {
          return aliasOf(
            this.countOverflow(this.beyondOrgs, 'organisations', reason, status, clientIp, request, now),
            detail,
          );
        }
        this.orgs.set(orgId, (tallies = newTallies()));
      }
    }
    const key = keyId ?? '';
    const tally = tallies.bySource.get(source)?.get(key)?.get(reason)?.get(route)?.get(status);
    if (tally !== undefined) {
      tally.count++;
      tally.last = now;
      return aliasOf(tally, detail);
    }
    if (tallies.records >= (anonymous ? this.budgets.tuplesAnonymous : this.budgets.tuplesPerOrg)) {
      return aliasOf(
        this.countOverflow(tallies.overflow, 'budget', reason, status, clientIp, request, now),
        detail,
      );
    }
    tallies.records++;
    const record: Tally = {
      count: 1,
      first: now,
      last: now,
      reason,
      route,
      keyId,
      network: anonymous ? source : undefined,
      overflow: undefined,
      sample: sampleOf(request, status, clientIp),
      keyState: detail.key === undefined ? undefined : keyStateOf(detail.key),
      requiredScope: detail.requiredScope,
      decisionId: newId(IdPrefix.Decision),
      aliases: undefined,
    };
    const byKey = childOf(tallies.bySource, source);
    const byReason = childOf(byKey, key);
    const byRoute = childOf(byReason, reason);
    childOf(byRoute, route).set(status, record);
    return aliasOf(record, detail);
  }

  private networkOf(clientIp: string): string {
    let network = this.networks.get(clientIp);
    if (network === undefined) {
      network = sourceNetworkOf(clientIp);
      this.networks.set(clientIp, network);
    }
    return network;
  }

  private countOverflow(
    into: Map<DenialReason, ByStatus>,
    kind: 'budget' | 'organisations',
    reason: DenialReason,
    status: number,
    clientIp: string,
    request: DeniedRequest,
    now: number,
  ): Tally {
    const tally = into.get(reason)?.get(status);
    if (tally !== undefined) {
      tally.count++;
      tally.last = now;
      return tally;
    }
    const created: Tally = {
      count: 1,
      first: now,
      last: now,
      reason,
      route: '*',
      keyId: undefined,
      network: undefined,
      overflow: kind,
      sample: sampleOf(request, status, clientIp),
      keyState: undefined,
      requiredScope: undefined,
      decisionId: newId(IdPrefix.Decision),
      aliases: undefined,
    };
    childOf(into, reason).set(status, created);
    return created;
  }

  /** Hands over the window's records as `auth.denied` payloads and starts an empty window. */
  takeWindow(windowStart: Date, windowEnd: Date, gateway: string): { orgId: string; data: AuthDeniedData }[] {
    const window = { window_start: windowStart.toISOString(), window_end: windowEnd.toISOString() };
    const out: { orgId: string; data: AuthDeniedData }[] = [];
    const emit = (orgId: string) => (tally: Tally) =>
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
          ...(tally.keyState === undefined ? {} : { key_state: tally.keyState }),
          ...(tally.requiredScope === undefined ? {} : { required_scope: tally.requiredScope }),
          decision_id: tally.decisionId,
          ...(tally.aliases === undefined ? {} : { decision_aliases: tally.aliases }),
          gateway,
          ...(tally.overflow === undefined ? {} : { overflow: tally.overflow }),
        },
      });
    for (const [orgId, tallies] of this.orgs) {
      eachTally(tallies, emit(orgId));
      eachLeaf(tallies.overflow, (tally) => overflowOrganisation.inc(tally.count));
    }
    eachTally(this.anonymous, emit(SYSTEM_ORG_ID));
    eachLeaf(this.anonymous.overflow, (tally) => overflowAnonymous.inc(tally.count));
    eachLeaf(this.beyondOrgs, emit(SYSTEM_ORG_ID));
    eachLeaf(this.beyondOrgs, (tally) => overflowOrganisations.inc(tally.count));
    this.orgs = new Map();
    this.anonymous = newTallies();
    this.beyondOrgs = new Map();
    this.networks.clear();
    return out;
  }

  /** Records held for the current window (for tests and the bound they state). */
  get size(): number {
    let n = 0;
    const one = () => void n++;
    for (const tallies of this.orgs.values()) eachTally(tallies, one);
    eachTally(this.anonymous, one);
    eachLeaf(this.beyondOrgs, one);
    return n;
  }
}

function childOf<K, V>(map: Map<K, Map<unknown, unknown> & V>, key: K): V {
  let child = map.get(key);
  if (child === undefined) map.set(key, (child = new Map() as Map<unknown, unknown> & V));
  return child;
}

function eachTally(tallies: Tallies, visit: (tally: Tally) => void): void {
  for (const byKey of tallies.bySource.values())
    for (const byReason of byKey.values())
      for (const byRoute of byReason.values())
        for (const byStatus of byRoute.values()) eachLeaf(byStatus, visit);
  eachLeaf(tallies.overflow, visit);
}

/** Visits the tallies of a map of them, or of a map of maps of them. */
function eachLeaf(map: Map<unknown, Tally | Map<unknown, Tally>>, visit: (tally: Tally) => void): void {
  for (const value of map.values()) {
    if (value instanceof Map) for (const tally of value.values()) visit(tally);
    else visit(value);
  }
}

const NO_DETAIL: DenialDetail = Object.freeze({});

/** The id a refusal answers with: its record's, or (unlinkable) a fresh one kept as an alias. */
function aliasOf(tally: Tally, detail: DenialDetail): string {
  if (!detail.unlinkable) return tally.decisionId;
  const alias = newId(IdPrefix.Decision);
  if (tally.aliases === undefined) tally.aliases = [alias];
  else if (tally.aliases.length < ALIASES_PER_RECORD) tally.aliases.push(alias);
  return alias;
}

/** A key's state for an explanation: what its view shows of it, never a secret or hash. */
export function keyStateOf(key: KeySnapshot): KeyState {
  return {
    status: key.status,
    scopes: [...key.scopes],
    allowed_paths: [...key.allowed_paths],
    allowed_ips: [...key.allowed_ips],
    rate_limit: { limit: key.rate_limit.limit, window_seconds: key.rate_limit.window_seconds },
    expires_at: key.expires_at === null ? null : new Date(key.expires_at).toISOString(),
    canary: key.canary === true,
  };
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
