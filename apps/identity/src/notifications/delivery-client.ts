import { lookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { Webhook } from 'standardwebhooks';
import { checkEndpointUrl, refusalOfAddress, type DestinationRules } from './endpoint-address';

/** What one POST got. */
export interface AttemptResult {
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed (refused destination, network error, non-2xx); null on success. */
  error: string | null;
  ok: boolean;
}

export interface SignedRequest {
  url: string;
  /** Standard Webhooks `whsec_…` secret. */
  secret: string;
  /** `webhook-id`: the same on every attempt of one delivery, so a receiver can de-duplicate. */
  messageId: string;
  body: string;
  timeoutMs: number;
}

/**
 * A DNS lookup that refuses a name as soon as any of its addresses is refused: the socket connects
 * to the address this returns, so the one checked is the one used (a rebinding resolver cannot
 * answer the check with one address and the connection with another).
 */
export function guardedLookup(rules: DestinationRules): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const refused = addresses.map((a) => refusalOfAddress(a.address, rules)).find((r) => r !== undefined);
      if (refused || addresses.length === 0) {
        const refusal = Object.assign(
          new Error(`refused destination: ${refused ?? `${hostname} has no address`}`),
          {
            code: 'ENOTFOUND',
          },
        );
        return callback(refusal, '', 4);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs signed notifications (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)
 * through one connection pool whose every connection passes the destination check. Redirects are
 * not followed (a 3xx is a failed attempt): a public endpoint cannot bounce a delivery inward.
 */
export class DeliveryClient {
  private readonly agent: Agent;

  constructor(private readonly rules: DestinationRules) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(rules), timeout: 5_000 },
      keepAliveTimeout: 10_000,
    });
  }

  async post(req: SignedRequest, now: Date = new Date()): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // Checked again at each delivery: the rules may have changed, and a literal address never
    // reaches the lookup above.
    const verdict = checkEndpointUrl(req.url, this.rules);
    if (!verdict.ok)
      return { ok: false, statusCode: null, latencyMs: 0, error: `refused destination: ${verdict.reason}` };
    const signature = new Webhook(req.secret).sign(req.messageId, now, req.body);
    try {
      const response = await request(verdict.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Latchkey-Notifications/1',
          'webhook-id': req.messageId,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: req.body,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      // The body is not kept: drain it so the connection can be reused.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        ok,
        statusCode: response.statusCode,
        latencyMs: elapsed(),
        error: ok ? null : `endpoint answered ${response.statusCode}`,
      };
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const message =
        cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
      return { ok: false, statusCode: null, latencyMs: elapsed(), error: message.slice(0, 500) };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
