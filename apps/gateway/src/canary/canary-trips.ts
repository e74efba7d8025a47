import { boundPath } from '@latchkey/auth-core';
import type { KeyCanaryTrippedData } from '@latchkey/contracts';

/** What is read of a request that presented a canary key (a Fastify request is one). */
export interface TripRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { readonly 'user-agent'?: string | undefined };
}

/** One `key.canary_tripped` to publish, with the organisation it belongs to. */
export interface Trip {
  orgId: string;
  data: KeyCanaryTrippedData;
}

interface KeyWindow {
  orgId: string;
  /** When the window that began with a published trip ends (ms). */
  ends: number;
  /** Later trips of the window, counted into one event published when it ends. */
  later: KeyCanaryTrippedData | undefined;
}

const USER_AGENT_MAX = 256;
const ADDRESS_MAX = 128;

/**
 * Bounds the alarms of canary keys (ADR 0024), without I/O or a clock of its own: a key's first
 * trip is published at once (`trip` returns it); its later trips within `windowMs` are counted into
 * one event, handed over by `takeEnded` once the window is over. So an attacker hammering a canary
 * key makes at most two events per key per window; and at most `maxKeys` keys are tracked (a trip
 * of one more is published at once, uncounted: an alarm is never dropped to save memory).
 */
export class CanaryTrips {
  private readonly windows = new Map<string, KeyWindow>();
  /** Counts of windows that ended and were reopened by a trip before `takeEnded` ran. */
  private pendingEnded: Trip[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly gateway: string,
    private readonly maxKeys = 10_000,
  ) {}

  /** A canary key was presented: the event to publish now, or undefined when it is counted. */
  trip(orgId: string, keyId: string, clientIp: string, request: TripRequest, now: number): Trip | undefined {
    const window = this.windows.get(keyId);
    if (window !== undefined && now < window.ends) {
      if (window.later === undefined) window.later = this.dataOf(keyId, clientIp, request, now);
      else {
        window.later.count++;
        window.later.last_at = new Date(now).toISOString();
      }
      return undefined;
    }
    if (window === undefined && this.windows.size < this.maxKeys)
      this.windows.set(keyId, { orgId, ends: now + this.windowMs, later: undefined });
    else if (window !== undefined) {
      // The previous window ended without being taken: its count still goes out (with the next take).
      if (window.later) this.pendingEnded.push({ orgId: window.orgId, data: window.later });
      window.ends = now + this.windowMs;
      window.later = undefined;
    }
    return { orgId, data: this.dataOf(keyId, clientIp, request, now) };
  }

  /** The counted trips of every window that has ended by `now`; those windows are forgotten. */
  takeEnded(now: number): Trip[] {
    const out = this.pendingEnded;
    this.pendingEnded = [];
    for (const [keyId, window] of this.windows) {
      if (now < window.ends) continue;
      if (window.later) out.push({ orgId: window.orgId, data: window.later });
      this.windows.delete(keyId);
    }
    return out;
  }

  /** Keys whose window is open (for tests and the bound). */
  get size(): number {
    return this.windows.size;
  }

  private dataOf(keyId: string, clientIp: string, request: TripRequest, now: number): KeyCanaryTrippedData {
    const q = request.url.indexOf('?');
    const at = new Date(now).toISOString();
    return {
      key_id: keyId,
      source_ip: clientIp.slice(0, ADDRESS_MAX),
      user_agent: String(request.headers['user-agent'] ?? '').slice(0, USER_AGENT_MAX),
      method: request.method,
      // Never the query string: it may carry anything, a secret too.
      path: boundPath(q === -1 ? request.url : request.url.slice(0, q)).path,
      first_at: at,
      last_at: at,
      count: 1,
      gateway: this.gateway,
    };
  }
}
