import { BlockList, isIP } from 'node:net';

/**
 * Where a notification may be sent (SSRF protection, ADR 0027): pure decisions over a URL and over
 * the addresses its host resolves to. The URL is checked when an endpoint is created or changed,
 * and again at every delivery, against the address the connection is actually made to
 * (delivery-client.ts pins it), so a name that later resolves to an internal address gets nothing.
 */

export interface DestinationRules {
  /**
   * Development only (NOTIFICATIONS_ALLOW_LOCAL): loopback destinations (127.0.0.0/8, ::1,
   * localhost) are allowed, over http or https, so a developer can watch deliveries locally. Every
   * other non-public range stays refused.
   */
  allowLoopback: boolean;
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function isLoopback(address: string): boolean {
  const ip = unmappedAddress(address);
  const family = isIP(ip);
  return family !== 0 && LOOPBACK.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** Ranges no delivery may reach, with what they are (the refusal names it). */
const REFUSED_V4: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const REFUSED_V6: ReadonlyArray<[string, number, string]> = [
  ['::1', 128, 'loopback'],
  ['::', 96, 'unspecified or IPv4-compatible'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'NAT64'],
  ['100::', 64, 'discard'],
  ['2001::', 23, 'IETF protocol assignments (Teredo)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['fc00::', 7, 'unique-local (cloud metadata)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const refusedV4 = REFUSED_V4.map(([net, prefix, what]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, 'ipv4');
  return { list, what, range: `${net}/${prefix}` };
});
const refusedV6 = REFUSED_V6.map(([net, prefix, what]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, 'ipv6');
  return { list, what, range: `${net}/${prefix}` };
});

/**
 * The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, also written `::ffff:7f00:1`)
 * stands for: a socket to it reaches that IPv4 host, so it is judged as one.
 */
export function unmappedAddress(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted?.[1] && isIP(dotted[1]) === 4) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return address;
}

/**
 * Why a connection to this IP address is refused, or undefined when it is a public address (or a
 * loopback one while the development flag is on). Anything that is not an IP address is refused.
 */
export function refusalOfAddress(address: string, rules: DestinationRules): string | undefined {
  const ip = unmappedAddress(address.replace(/^\[|\]$/g, ''));
  const family = isIP(ip);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (rules.allowLoopback && LOOPBACK.check(ip, type)) return undefined;
  for (const { list, what, range } of family === 4 ? refusedV4 : refusedV6) {
    if (list.check(ip, type))
      return `${ip} is not a public address (${what}, ${range}); only public addresses are allowed`;
  }
  return undefined;
}

/** Host names that are internal by definition, whatever a resolver says. */
function internalName(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === 'metadata' ||
    host === 'metadata.google.internal' ||
    host.endsWith('.internal')
  );
}

/**
 * Is this URL a destination notifications may be sent to? The WHATWG parser has already turned
 * decimal, octal and hexadecimal IPv4 forms (`2130706433`, `0177.0.0.1`, `0x7f.1`) into dotted
 * quads, so every literal address is judged in its canonical form.
 */
export function checkEndpointUrl(raw: string, rules: DestinationRules): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'url: not an absolute URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'url: must not carry credentials' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return { ok: false, reason: 'url: has no host' };
  const literal = host.startsWith('[') ? host.slice(1, -1) : isIP(host) === 4 ? host : undefined;
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  const local = rules.allowLoopback && (loopbackName || (literal !== undefined && isLoopback(literal)));
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:'))
    return { ok: false, reason: `url: must use https (not ${url.protocol.replace(/:$/, '')})` };
  if (literal !== undefined) {
    const refusal = refusalOfAddress(literal, rules);
    if (refusal) return { ok: false, reason: `url: ${refusal}` };
  } else if (internalName(host) && !(rules.allowLoopback && loopbackName)) {
    return { ok: false, reason: `url: ${host} is an internal host name` };
  }
  url.hash = '';
  return { ok: true, url };
}
