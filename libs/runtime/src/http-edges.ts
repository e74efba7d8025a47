import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode, Header, MAX_URL_LENGTH, PROBLEM_CONTENT_TYPE, problem } from '@latchkey/contracts';
import type { ConnectionError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseFormBody, parseJsonBody, parseTextBody, type BodyCheck } from './body-input';
import { problemForFrameworkError, problemForStatus, ProblemException, sendProblem } from './problems';

/**
 * Where a request enters a service before any route sees it: Node's HTTP parser, Fastify's router,
 * its body parsers. Each refusal there is problem+json with a `code`, as a handler's would be.
 */

/** A request line this long is a URI too long (414) rather than headers too large (431). */
const LONG_REQUEST_LINE = 8 * 1024;

/**
 * Node's HTTP parser refused the request before Fastify saw it (headers past `maxHeaderSize`, a
 * request that did not arrive in time, malformed HTTP): the answer is written on the socket, which
 * then closes. The URL counts towards the header limit; a request line that alone is long is a 414.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way cannot be followed by another status line: just close (as Node does).
  if ((socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy(error);
    return;
  }
  let status = 400;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') status = 408;
  else if (error.code === 'HPE_HEADER_OVERFLOW')
    status = requestLineTooLong((error as { rawPacket?: unknown }).rawPacket) ? 414 : 431;
  const requestId = randomUUID();
  const body = JSON.stringify({
    ...(status === 400
      ? problem(ErrorCode.InvalidRequest, 'malformed HTTP request')
      : problemForStatus(status)),
    request_id: requestId,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        `content-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `${Header.RequestId}: ${requestId}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

/** The packet starts with a request line (`METHOD /…`) that has no end within the first 8 KiB. */
function requestLineTooLong(packet: unknown): boolean {
  if (!Buffer.isBuffer(packet) || !/^[A-Z]+ \//.test(packet.subarray(0, 16).toString('latin1'))) return false;
  const end = packet.indexOf('\r\n');
  return end === -1 ? packet.length > LONG_REQUEST_LINE : end > LONG_REQUEST_LINE;
}

/**
 * Fastify's router refused the URL before any hook ran: a malformed percent-encoding (400), a path
 * parameter past `maxParamLength` (414).
 */
export function answerFrameworkError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  reply.header(Header.RequestId, request.id);
  void sendProblem(reply, problemForFrameworkError(error) ?? problemForStatus(500));
}

/**
 * The URL every route may assume, checked once on the raw URL before routing:
 * - at most MAX_URL_LENGTH bytes (414): every per-request cost that grows with the path is bounded
 *   by it (normalisation, `allowed_paths` matching), whatever Node's header limit lets through;
 * - no NUL (400): PostgreSQL can neither store it nor take it as a parameter, and no id, filter or
 *   cursor of this API contains one (percent-encoded `%00`, in the path or the query string).
 */
export function refuseBadUrl(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (request.url.length > MAX_URL_LENGTH) {
    void sendProblem(
      reply,
      problem(ErrorCode.UriTooLong, `the request target is longer than ${MAX_URL_LENGTH} bytes`),
    );
    return;
  }
  if (request.url.includes('%00')) {
    void sendProblem(reply, problem(ErrorCode.InvalidRequest, 'the URL must not contain NUL (%00)'));
    return;
  }
  done();
}

function fromCheck(check: BodyCheck, done: (error: Error | null, body?: unknown) => void): void {
  if (check.ok) done(null, check.value);
  else done(new ProblemException(ErrorCode.InvalidRequest, check.detail));
}

/** Each JSON request's body as it came, until the request is gone (see rawJsonBodyOf). */
const rawJsonBodies = new WeakMap<object, string>();

/**
 * A JSON request's body as it came (the text before parsing), for a route that must check a
 * signature over the exact bytes (leak reports); undefined for any other request.
 */
export function rawJsonBodyOf(request: object): string | undefined {
  return rawJsonBodies.get(request);
}

/**
 * The service's body parsers: JSON (the API's), and the form and text bodies a webhook sender may
 * post, each parsed within the body limits and refused (400) when it holds what no column can store.
 * Any other content type is 415.
 */
export function installBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    rawJsonBodies.set(request, body as string);
    fromCheck(parseJsonBody(body as string), done);
  });
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => fromCheck(parseFormBody(body as string), done),
  );
  fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) =>
    fromCheck(parseTextBody(body as string), done),
  );
}
