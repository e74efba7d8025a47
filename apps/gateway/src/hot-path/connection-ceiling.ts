import type { Server, Socket } from 'node:net';
import { Counter } from 'prom-client';

const refused = new Counter({
  name: 'gateway_connections_refused_total',
  help: 'Connections closed as they were accepted: their client address already had MAX_CONNECTIONS_PER_CLIENT open',
});

/**
 * At most `max` open connections per client address: one more is closed as it is accepted, before
 * a byte of it is read (no parser, no timer, no request: the cheapest refusal there is, and a client
 * at the ceiling has connections to send its requests on). Together with the header, request and
 * keep-alive timeouts, one address cannot hold more than `max` of the gateway's sockets, for long.
 *
 * The address is the TCP peer's. Trusted proxies are not counted: an ingress carries many clients
 * over its connections (limit connections per client there).
 */
export class ConnectionCeiling {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly trustedProxies: Pick<ReadonlySet<string>, 'has'>,
  ) {}

  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.accept(socket));
  }

  /** Open connections counted for `address` (for tests and debugging). */
  openFrom(address: string): number {
    return this.open.get(address) ?? 0;
  }

  private accept(socket: Socket): void {
    const raw = socket.remoteAddress;
    if (raw === undefined) return; // already gone
    const address = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
    if (this.trustedProxies.has(address)) return;
    const count = this.open.get(address) ?? 0;
    if (count >= this.max) {
      refused.inc();
      socket.destroy();
      return;
    }
    this.open.set(address, count + 1);
    socket.once('close', () => {
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    });
  }
}
