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
 * whatever the client chose to send).
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
    if (!trustedProxies.has(hop)) return hop;
  }
  return direct;
}

function stripMapped(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
