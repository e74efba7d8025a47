import { isIP } from 'node:net';

/**
 * The network a client address belongs to, for grouping what cannot be tied to an organisation:
 * IPv4 /24 (`203.0.113.0/24`), IPv6 /64 (the first four groups, `2001:db8:0:1::/64`); an IPv4-mapped
 * IPv6 address counts as its IPv4 address. A client typically holds a whole /64 (or, behind a
 * carrier's NAT, shares a /24), so one source cannot spread itself over many buckets by changing its
 * address within them. Anything that is not an address is `unknown`.
 */
export function sourceNetworkOf(address: string): string {
  const family = isIP(address);
  if (family === 4) return `${address.slice(0, address.lastIndexOf('.'))}.0/24`;
  if (family !== 6) return 'unknown';
  const plain = address.includes('%') ? address.slice(0, address.indexOf('%')) : address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return sourceNetworkOf(mapped[1] as string);
  const [head = '', tail] = plain.split('::');
  const groups = head === '' ? [] : head.split(':');
  if (tail !== undefined) {
    const rest = tail === '' ? [] : tail.split(':');
    // An embedded IPv4 address at the end is two groups.
    const restGroups = rest.at(-1)?.includes('.') ? rest.length + 1 : rest.length;
    for (let i = groups.length + restGroups; i < 8 && groups.length < 4; i++) groups.push('0');
    groups.push(...rest);
  }
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
