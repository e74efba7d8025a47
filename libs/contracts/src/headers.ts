/** Header names shared by the gateway and the services behind it (lower case, as Node sees them). */
export const Header = {
  Principal: 'x-latchkey-principal',
  /**
   * The server's request id: minted by the gateway for every request, passed to the services behind
   * it, returned to the client. A client's own X-Request-Id never becomes it.
   */
  RequestId: 'x-request-id',
  /** The client's X-Request-Id (when well-formed), kept apart: echoed back and passed on under this name. */
  ClientRequestId: 'x-client-request-id',
  SecretKey: 'x-secret-key',
  /**
   * The gateway's signed forwarding assertion on every request it passes to identity: the client
   * address and request ids it decided on. Identity believes nothing else about where a request
   * came from (X-Forwarded-For can be sent by anyone who reaches it).
   */
  Forwarded: 'x-latchkey-forwarded',
  /**
   * On every 401, 403 and 429 the gateway answers: the id (`dcn_…`) of the decision that refused the
   * request, also `decision_id` in the problem body. Owners and admins read its explanation at
   * `GET /admin/decisions/:id` once the gateway's denial window is flushed (ADR 0023).
   */
  DecisionId: 'latchkey-decision-id',
} as const;

/** A request id that came from outside a process: short, printable, nothing that splits a header or a log. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
