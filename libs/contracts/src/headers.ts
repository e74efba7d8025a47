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
} as const;

/** A request id that came from outside a process: short, printable, nothing that splits a header or a log. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
