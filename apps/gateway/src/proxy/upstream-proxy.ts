import { Readable } from 'node:stream';
import { errors, Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, Header, problem, upstreamTimeoutProblem } from '@latchkey/contracts';
import { sendProblem } from '@latchkey/runtime';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and credentials that never travel past the gateway. */
const DROPPED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // The gateway has read the whole body already (and undici refuses to send Expect).
  'expect',
  'host',
  'content-length',
  'x-forwarded-for',
  // Set by the gateway alone: whatever a client sends under these names never reaches a service.
  Header.RequestId,
  Header.ClientRequestId,
  Header.SecretKey,
  Header.Principal,
  Header.Forwarded,
]);
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * A response up to this size that announces its length is read whole and sent with its
 * Content-Length: one write to the client instead of a chunked stream (header, chunk, terminator).
 */
const BUFFERED_RESPONSE_BYTES = 256 * 1024;

export interface ForwardOptions {
  target: string;
  principal?: string;
  /** Identity authenticates its own users, so /auth and /admin keep the Authorization header. */
  keepAuthorization: boolean;
  clientIp: string;
  /** X-Latchkey-Forwarded (requests to identity): the signed client address and request ids. */
  forwarded?: string;
  /**
   * The path to forward instead of the raw one: the normalised path that was authorized, so the
   * service behind sees exactly what the gateway checked.
   */
  path?: string;
}

/**
 * Forwards requests to the services behind the gateway with undici: one keep-alive pool per origin
 * (a handful of origins, known at boot), headers passed as a flat list, no URL object per request.
 */
export class UpstreamProxy {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly timeoutMs: number,
    private readonly connections = 128,
  ) {}

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.connections,
        keepAliveTimeout: 10_000,
        connect: { timeout: 2000 },
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /**
   * Proxies one request. The promise settles once the answer is handed to Fastify (sent whole, or
   * streaming), never rejects: an upstream failure is answered as problem+json. Route handlers may
   * ignore it (a callback-style handler: Fastify waits for the reply).
   */
  forward(req: FastifyRequest, reply: FastifyReply, options: ForwardOptions): Promise<void> {
    // rawHeaders keeps the client's names (any case) in pairs; the set above is lower case.
    const raw = req.raw.rawHeaders;
    const headers: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      if (DROPPED_REQUEST_HEADERS.has(name)) continue;
      if (name === 'authorization' && !options.keepAuthorization) continue;
      headers.push(name, raw[i + 1] as string);
    }
    headers.push(Header.RequestId, req.id, 'x-forwarded-for', options.clientIp);
    if (req.clientRequestId !== undefined) headers.push(Header.ClientRequestId, req.clientRequestId);
    if (options.principal) headers.push(Header.Principal, options.principal);
    if (options.forwarded) headers.push(Header.Forwarded, options.forwarded);
    const body = req.body as Buffer | undefined;
    const url = req.url;
    const q = url.indexOf('?');
    const path = (options.path ?? (q === -1 ? url : url.slice(0, q))) + (q === -1 ? '' : url.slice(q));
    return new Promise<void>((resolve) => {
      const response = new ProxiedResponse(req, reply, options.target, resolve);
      try {
        this.poolFor(options.target).dispatch(
          {
            path,
            method: req.method as Dispatcher.HttpMethod,
            headers,
            body: body && body.length > 0 ? body : null,
          },
          response,
        );
      } catch (error) {
        // A request undici refuses outright (a header it cannot send): answered like a failed upstream.
        response.onResponseError(undefined, error as Error);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}

/**
 * One upstream response, received through undici's dispatch handler and answered to the client: a
 * small response with a length is collected and sent whole (one write, with its Content-Length);
 * anything else streams, with backpressure from the client to the upstream connection. Compared
 * with `request()`, no body stream or promise per response on the common path.
 */
class ProxiedResponse implements Dispatcher.DispatchHandler {
  private chunks: Buffer[] | undefined;
  private stream: Readable | undefined;
  private ended = false;
  private status = 502;
  private headers: Record<string, string | string[] | undefined> = {};

  constructor(
    private readonly req: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly target: string,
    private readonly done: () => void,
  ) {}

  /** Required by undici's handler interface; nothing to do before the response. */
  onRequestStart(): void {
    return undefined;
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    this.headers = headers;
    const length = Number(headers['content-length']);
    // HEAD, 204 and 304 announce a length without a body: those stream (nothing).
    const bodiless = this.req.method === 'HEAD' || statusCode === 204 || statusCode === 304;
    if (!bodiless && length >= 0 && length <= BUFFERED_RESPONSE_BYTES) {
      // Status and headers are applied once the body is complete: an upstream that fails halfway
      // is answered with a problem, not with its headers (Content-Encoding, ETag, …) on the problem.
      this.chunks = [];
      return;
    }
    this.applyHead();
    this.stream = new Readable({
      read: () => controller.resume(),
      destroy: (error, callback) => {
        // The client went away: stop reading from the upstream connection too.
        if (!this.ended) controller.abort(error ?? new Error('client closed the connection'));
        callback(error);
      },
    });
    this.reply.send(this.stream);
    this.done();
  }

  /** The upstream's status and headers (less hop-by-hop ones) on the reply, and the request id. */
  private applyHead(): void {
    const { reply, headers } = this;
    reply.code(this.status);
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) reply.header(name, value);
    }
    reply.header(Header.RequestId, this.req.id);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.chunks) this.chunks.push(chunk);
    else if (this.stream && !this.stream.push(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    const chunks = this.chunks;
    if (chunks) {
      this.applyHead();
      this.reply.send(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      this.done();
    } else this.stream?.push(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.ended = true;
    // The request's own logger: undici calls this in the async context of whichever request opened
    // the pooled connection, so only a logger bound to this request names it right.
    this.req.log.warn({ err: error, upstream: this.target }, 'upstream request failed');
    if (this.stream) this.stream.destroy(error);
    else {
      sendProblem(this.reply, upstreamProblem(error));
      this.done();
    }
  }
}

function upstreamProblem(error: unknown) {
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return upstreamTimeoutProblem('the service behind the gateway did not answer in time');
  }
  return problem(ErrorCode.UpstreamUnavailable, 'the service behind the gateway is unavailable');
}
