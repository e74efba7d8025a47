import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Header } from '@latchkey/contracts';
import { verifyForwardingAssertion, type VerifyKeys } from '@latchkey/auth-core';
import type { RequestIds } from '@latchkey/runtime';

/**
 * Who the client of a request to identity is: its address (for the sign-in throttles and the audit
 * trail) and the request ids. From the gateway's signed forwarding assertion (X-Latchkey-Forwarded)
 * when one verifies; otherwise the socket's address and an id of identity's own. X-Forwarded-For
 * and X-Request-Id are never believed: anything on the network that reaches identity can send them.
 */
export interface ClientContext {
  client_ip: string;
  request_id: string;
  client_request_id?: string;
}

/** Decided once per request, when Fastify names it; read by clientContextOf. */
const decided = new WeakMap<IncomingMessage, ClientContext>();

/**
 * Identity's request ids (startService's `requestIds`): the gateway's, as its assertion states them,
 * so one id finds a request in the gateway's and identity's logs, problem bodies and audit records.
 */
export function forwardedRequestIds(gatewayKey: VerifyKeys, now: () => number = Date.now): RequestIds {
  const contextOf = (raw: IncomingMessage): ClientContext => {
    let context = decided.get(raw);
    if (context === undefined) {
      context = decideClientContext(raw, gatewayKey, now());
      decided.set(raw, context);
    }
    return context;
  };
  return {
    requestId: (raw) => contextOf(raw).request_id,
    clientRequestId: (raw) => contextOf(raw).client_request_id,
  };
}

function decideClientContext(raw: IncomingMessage, gatewayKey: VerifyKeys, now: number): ClientContext {
  const header = raw.headers[Header.Forwarded];
  const verified = verifyForwardingAssertion(
    typeof header === 'string' ? header : undefined,
    gatewayKey,
    Math.floor(now / 1000),
  );
  if (verified.ok) return verified.assertion;
  return { client_ip: raw.socket.remoteAddress ?? 'unknown', request_id: randomUUID() };
}

/**
 * The one answer in identity to "who is the client of this request". A request that was not named
 * through forwardedRequestIds is answered as unforwarded: its socket address and its own id.
 */
export function clientContextOf(request: { raw: IncomingMessage; id: string; ip: string }): ClientContext {
  return decided.get(request.raw) ?? { client_ip: request.ip, request_id: request.id };
}
