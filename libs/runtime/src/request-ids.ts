import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Header, REQUEST_ID_PATTERN } from '@latchkey/contracts';

/** `value` when it is a well-formed request id, otherwise undefined. */
export function wellFormedRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

/**
 * How a service names its requests. `requestId` is the server's own id: on every log line, in every
 * problem body and X-Request-Id response header, in the audit trail's `request_id`. A client never
 * chooses it (it could reuse another request's id, or one that points investigators elsewhere).
 * `clientRequestId` is what the client sent as X-Request-Id, when well-formed: kept apart, echoed back
 * as X-Client-Request-Id, recorded as `client_request_id`.
 *
 * Both are read from the raw request before routing (Fastify names the request then), so they are
 * synchronous.
 */
export interface RequestIds {
  requestId(raw: IncomingMessage): string;
  clientRequestId(raw: IncomingMessage): string | undefined;
}

/** The gateway, the one entrance: every request gets a fresh id; the client's X-Request-Id is its client request id. */
export const mintedRequestIds: RequestIds = {
  requestId: () => randomUUID(),
  clientRequestId: (raw) => wellFormedRequestId(raw.headers[Header.RequestId]),
};

/**
 * data-api and audit: their one caller is the gateway (they refuse any request without its principal,
 * and in production nothing else reaches them), which overwrites X-Request-Id with its own id and
 * X-Client-Request-Id with the client's. One id then finds a request in the gateway's and the
 * service's logs alike.
 */
export const gatewayAssignedRequestIds: RequestIds = {
  requestId: (raw) => wellFormedRequestId(raw.headers[Header.RequestId]) ?? randomUUID(),
  clientRequestId: (raw) => wellFormedRequestId(raw.headers[Header.ClientRequestId]),
};

/** The request ids a change event records: the server's, and the client's when it sent a well-formed one. */
export interface RecordedRequestIds {
  request_id: string;
  client_request_id?: string;
}

/** The current request's ids, as change events record them (use in data-api and audit handlers). */
export const RequestIdsOf = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RecordedRequestIds => {
    const request = context.switchToHttp().getRequest<{ id: string; clientRequestId?: string }>();
    return request.clientRequestId === undefined
      ? { request_id: request.id }
      : { request_id: request.id, client_request_id: request.clientRequestId };
  },
);
