import { isIP } from 'node:net';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { IpAllowList } from '@latchkey/auth-core';

/** Which peers are trusted proxies: exact addresses or CIDR blocks, IPv4 and IPv6. None when empty. */
export class TrustedProxies {
  private readonly list: IpAllowList | undefined;

  constructor(entries: readonly string[]) {
    this.list = entries.length > 0 ? new IpAllowList(entries) : undefined;
  }

  has(address: string): boolean {
    return this.list?.allows(address) ?? false;
  }
}

/**
 * The client address: the socket's, unless the socket is a trusted proxy, in which case the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (entries further left are
 * whatever the client chose to send). That entry must be an IP address: anything else (a proxy that
 * passes on text it should not) leaves the proxy's own address as the client, so no text ever
 * becomes an address that allow-lists, throttles and the audit trail would carry.
 */
export function clientIpOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: Pick<ReadonlySet<string>, 'has'>,
): string {
  const direct = stripMapped(socketAddress ?? '');
  if (!trustedProxies.has(direct) || forwardedFor === undefined) return direct;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => stripMapped(hop.trim()))
    .filter((hop) => hop.length > 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trustedProxies.has(hop)) return isIP(hop) === 0 ? direct : hop;
  }
  return direct;
}

function stripMapped(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

const untrustedForwardedFor = new Counter({
  name: 'gateway_untrusted_forwarded_for_total',
  help: 'Requests with X-Forwarded-For from a peer not in TRUSTED_PROXIES (the header was ignored)',
});

/**
 * Notices X-Forwarded-For from a peer that is not a trusted proxy. Either a client is trying to
 * choose its address (ignored, as it must be), or the gateway sits behind a proxy missing from
 * TRUSTED_PROXIES: then every client looks like that proxy, and IP allow-lists and the per-address
 * failure budget see one address for everyone. Every such request is counted; a warning is logged
 * at most once per `intervalMs` per peer (with how many went unlogged), so no peer can flood the logs.
 */
export class ForwardedForWatch {
  /** When each peer was last warned of; a flood from many peers forgets the least recently warned. */
  private readonly lastWarned: LRUCache<string, { at: number; unlogged: number }>;

  constructor(
    private readonly trustedProxies: Pick<ReadonlySet<string>, 'has'>,
    private readonly intervalMs = 60_000,
    maxPeers = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.lastWarned = new LRUCache({ max: maxPeers });
  }

  /** `log` is the request's logger, so the warning carries the request id of the request it is about. */
  check(
    socketAddress: string | undefined,
    forwardedFor: string | string[] | undefined,
    log: { warn(fields: object, message: string): void },
  ): void {
    if (forwardedFor === undefined) return;
    const peer = stripMapped(socketAddress ?? '');
    if (this.trustedProxies.has(peer)) return;
    untrustedForwardedFor.inc();
    const now = this.now();
    // `peek`: counting a suppressed warning leaves the order alone; the order is that of warnings.
    const seen = this.lastWarned.peek(peer);
    if (seen && now - seen.at < this.intervalMs) {
      seen.unlogged += 1;
      return;
    }
    // Bounded: a flood from many peers forgets the oldest, at worst logging one of them again early.
    this.lastWarned.set(peer, { at: now, unlogged: 0 });
    log.warn(
      { peer, unlogged_since_last_warning: seen?.unlogged ?? 0 },
      'X-Forwarded-For from a peer that is not a trusted proxy was ignored: if this peer is your load ' +
        'balancer or ingress, add its addresses or CIDR blocks to TRUSTED_PROXIES',
    );
  }
}
