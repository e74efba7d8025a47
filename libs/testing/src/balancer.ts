import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { freePort } from './ports';

/** Hop-by-hop headers: they describe one connection, never the request. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

/**
 * What a Kubernetes Service is to a rolling update, for tests: a plain HTTP balancer over the
 * replicas of one service. A replica is added once ready and removed before it is stopped, as
 * endpoints are; requests go round-robin, each on a connection of its own (no keep-alive to the
 * replicas, so none is reused as a replica closes). A replica that refuses the connection (it never
 * saw the request) is skipped for the next one. Anything else is answered 502 and counted: a test
 * that rotates a secret expects `failures` to stay 0.
 */
export class HttpBalancer {
  private targets: URL[] = [];
  private next = 0;
  /** Requests no replica answered. */
  failures = 0;
  /** Requests answered, by the replica that answered them (origin). */
  readonly answered = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<HttpBalancer> {
    const port = await freePort();
    const server = createServer();
    const balancer = new HttpBalancer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        balancer.forward(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res),
      );
    });
    // Keep-alive from the client (a gateway's pool) outlives any replica: the balancer never restarts.
    server.keepAliveTimeout = 75_000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return balancer;
  }

  /** The replicas now behind it (origins). */
  get origins(): string[] {
    return this.targets.map((t) => t.origin);
  }

  add(origin: string): void {
    if (!this.origins.includes(origin)) this.targets.push(new URL(origin));
  }

  remove(origin: string): void {
    this.targets = this.targets.filter((t) => t.origin !== origin);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    res: ServerResponse,
    attempt = 0,
  ): void {
    const targets = this.targets;
    const target = targets[this.next++ % Math.max(1, targets.length)];
    if (!target) {
      this.failures++;
      res.writeHead(502).end('no replica');
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        agent: false,
        headers: { ...forwardable(headers), 'content-length': String(body.length), connection: 'close' },
      },
      (response) => {
        this.answered.set(target.origin, (this.answered.get(target.origin) ?? 0) + 1);
        res.writeHead(response.statusCode ?? 502, forwardable(response.headers));
        response.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Refused: the replica never saw the request, so another one may answer it.
      if (error.code === 'ECONNREFUSED' && attempt < targets.length) {
        this.forward(method, path, headers, body, res, attempt + 1);
        return;
      }
      this.failures++;
      res.writeHead(502).end(`balancer: ${error.code ?? error.message}`);
    });
    upstream.end(body);
  }
}
