import fc from 'fast-check';
import { clientIpOf, TrustedProxies } from './client-ip';

const PROXY = '10.0.0.2';
const EDGE = '10.0.0.3';
const trusted = new Set([PROXY, EDGE]);

const ipv4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .map((parts) => parts.join('.'))
  .filter((ip) => !trusted.has(ip));

describe('clientIpOf', () => {
  it('without trusted proxies the socket address is the client', () => {
    expect(clientIpOf('203.0.113.9', undefined, new Set())).toBe('203.0.113.9');
    expect(clientIpOf('203.0.113.9', '198.51.100.1', new Set())).toBe('203.0.113.9');
  });

  it('an untrusted socket cannot choose its address with X-Forwarded-For', () => {
    fc.assert(
      fc.property(ipv4, fc.array(ipv4, { maxLength: 4 }), (socket, spoofed) => {
        expect(clientIpOf(socket, [...spoofed, PROXY].join(', '), trusted)).toBe(socket);
      }),
    );
  });

  it('behind a trusted proxy the address it forwarded is the client', () => {
    expect(clientIpOf(PROXY, '198.51.100.1', trusted)).toBe('198.51.100.1');
  });

  it('behind trusted proxies the right-most untrusted hop is the client; entries to its left are ignored', () => {
    expect(clientIpOf(PROXY, '1.1.1.1, 198.51.100.1, 10.0.0.3', trusted)).toBe('198.51.100.1');
  });

  it('whatever a client prepends to X-Forwarded-For does not change the answer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(ipv4, fc.constantFrom(PROXY, EDGE, 'garbage', '')), { maxLength: 5 }),
        ipv4,
        (spoofed, real) => {
          const header = [...spoofed, real, EDGE].join(',');
          expect(clientIpOf(PROXY, header, trusted)).toBe(real);
        },
      ),
    );
  });

  it('repeated X-Forwarded-For headers are read in order, as one list', () => {
    expect(clientIpOf(PROXY, ['1.1.1.1', '198.51.100.1, 10.0.0.3'], trusted)).toBe('198.51.100.1');
  });

  it('spaces and empty entries in X-Forwarded-For are ignored', () => {
    expect(clientIpOf(PROXY, ' 198.51.100.1 ,, ', trusted)).toBe('198.51.100.1');
  });

  it('a trusted proxy without X-Forwarded-For is itself the client', () => {
    expect(clientIpOf(PROXY, undefined, trusted)).toBe(PROXY);
    expect(clientIpOf(PROXY, '', trusted)).toBe(PROXY);
  });

  it('IPv4-mapped IPv6 addresses are compared as IPv4, for the socket and for hops', () => {
    expect(clientIpOf(`::ffff:${PROXY}`, '::ffff:198.51.100.1', trusted)).toBe('198.51.100.1');
    expect(clientIpOf('::ffff:203.0.113.9', '198.51.100.1', trusted)).toBe('203.0.113.9');
  });

  it('a missing socket address never falls back to a forwarded one', () => {
    expect(clientIpOf(undefined, '198.51.100.1', trusted)).toBe('');
  });

  it('trusted proxies may be CIDR blocks (IPv4 and IPv6); none are trusted when the list is empty', () => {
    const proxies = new TrustedProxies(['10.0.0.0/8', 'fd00::/8']);
    expect(clientIpOf('10.1.2.3', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientIpOf('::ffff:10.1.2.3', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientIpOf('fd12::1', '198.51.100.1, 10.9.9.9', proxies)).toBe('198.51.100.1');
    expect(clientIpOf('11.0.0.1', '198.51.100.1', proxies)).toBe('11.0.0.1');
    expect(clientIpOf('10.1.2.3', '198.51.100.1', new TrustedProxies([]))).toBe('10.1.2.3');
  });
});
