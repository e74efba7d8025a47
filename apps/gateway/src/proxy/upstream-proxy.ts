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
  'host',
  'content-length',
  'x-forwarded-for',
  Header.RequestId,
  Header.SecretKey,
  Header.Principal,
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

  async forward(req: FastifyRequest, reply: FastifyReply, options: ForwardOptions): Promise<FastifyReply> {
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
    if (options.principal) headers.push(Header.Principal, options.principal);
    const body = req.body as Buffer | undefined;
    const url = req.url;
    const q = url.indexOf('?');
    const path = (options.path ?? (q === -1 ? url : url.slice(0, q))) + (q === -1 ? '' : url.slice(q));
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await this.poolFor(options.target).request({
        path,
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: body && body.length > 0 ? body : null,
      });
    } catch (error) {
      return sendProblem(reply, upstreamProblem(error));
    }
    reply.code(upstream.statusCode);
    const responseHeaders = upstream.headers;
    for (const name in responseHeaders) {
      const value = responseHeaders[name];
      if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) reply.header(name, value);
    }
    reply.header(Header.RequestId, req.id);
    const length = Number(responseHeaders['content-length']);
    // HEAD, 204 and 304 announce a length without a body: those stream (nothing) as before.
    const bodiless = req.method === 'HEAD' || upstream.statusCode === 204 || upstream.statusCode === 304;
    if (!bodiless && length >= 0 && length <= BUFFERED_RESPONSE_BYTES) {
      let bytes: Buffer;
      try {
        bytes = Buffer.from(await upstream.body.arrayBuffer());
      } catch (error) {
        return sendProblem(reply, upstreamProblem(error));
      }
      return reply.send(bytes);
    }
    return reply.send(upstream.body);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
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
