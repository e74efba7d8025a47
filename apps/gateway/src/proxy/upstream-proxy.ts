import { Agent, errors, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, Header, problem } from '@latchkey/contracts';
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
  Header.SecretKey,
  Header.Principal,
]);
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

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

/** Forwards requests to the services behind the gateway with undici, one keep-alive pool per origin. */
export class UpstreamProxy {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number) {
    this.agent = new Agent({ keepAliveTimeout: 10_000, connections: 128, connect: { timeout: 2000 } });
  }

  async forward(req: FastifyRequest, reply: FastifyReply, options: ForwardOptions): Promise<FastifyReply> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
      if (name === 'authorization' && !options.keepAuthorization) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    headers[Header.RequestId] = req.id;
    headers['x-forwarded-for'] = options.clientIp;
    if (options.principal) headers[Header.Principal] = options.principal;
    const body = req.body as Buffer | undefined;
    let upstream: Dispatcher.ResponseData;
    try {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      upstream = await request(new URL((options.path ?? req.url.split('?')[0]) + query, options.target), {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: body && body.length > 0 ? body : null,
        dispatcher: this.agent,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (error) {
      return sendProblem(reply, upstreamProblem(error));
    }
    reply.code(upstream.statusCode);
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) reply.header(name, value);
    }
    reply.header(Header.RequestId, req.id);
    return reply.send(upstream.body);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function upstreamProblem(error: unknown) {
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return problem(ErrorCode.UpstreamTimeout, 'the service behind the gateway did not answer in time');
  }
  return problem(ErrorCode.UpstreamUnavailable, 'the service behind the gateway is unavailable');
}
