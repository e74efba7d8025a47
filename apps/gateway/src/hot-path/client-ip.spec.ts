import fc from 'fast-check';
import { register } from 'prom-client';
import { clientIpOf, ForwardedForWatch, TrustedProxies } from './client-ip';

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

  it('behind a trusted proxy, a right-most untrusted hop that is not an IP address leaves the proxy as the client', () => {
    for (const hop of ['unknown', '_hidden', 'x'.repeat(10_000), '203.0.113.1:443', '999.1.1.1', '::g'])
      expect(clientIpOf(PROXY, `198.51.100.1, ${hop}`, trusted)).toBe(PROXY);
    expect(clientIpOf(PROXY, '2001:db8::1', trusted)).toBe('2001:db8::1');
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

describe('ForwardedForWatch', () => {
  const setup = () => {
    const clock = { now: 1_000_000 };
    const warnings: { peer: string; unlogged: number }[] = [];
    const log = {
      warn: (fields: object) => {
        const { peer, unlogged_since_last_warning } = fields as {
          peer: string;
          unlogged_since_last_warning: number;
        };
        warnings.push({ peer, unlogged: unlogged_since_last_warning });
      },
    };
    const watch = new ForwardedForWatch(trusted, 60_000, 3, () => clock.now);
    return { clock, warnings, log, watch };
  };
  const counted = async () =>
    (await register.getSingleMetric('gateway_untrusted_forwarded_for_total')!.get()).values[0]?.value ?? 0;

  it('warns when a peer that is not a trusted proxy sends X-Forwarded-For, and counts every such request', async () => {
    const { warnings, log, watch } = setup();
    const before = await counted();
    watch.check('203.0.113.9', '198.51.100.1', log);
    watch.check('::ffff:203.0.113.10', ['198.51.100.1'], log);
    expect(warnings.map((w) => w.peer)).toEqual(['203.0.113.9', '203.0.113.10']);
    expect((await counted()) - before).toBe(2);
  });

  it('says nothing for a trusted proxy, or for a request without the header', async () => {
    const { warnings, log, watch } = setup();
    const before = await counted();
    watch.check(PROXY, '198.51.100.1', log);
    watch.check('203.0.113.9', undefined, log);
    expect(warnings).toEqual([]);
    expect((await counted()) - before).toBe(0);
  });

  it('logs at most once a minute per peer, then says how many went unlogged; memory stays bounded', () => {
    const { clock, warnings, log, watch } = setup();
    for (let i = 0; i < 1_000; i++) watch.check('203.0.113.9', '198.51.100.1', log);
    expect(warnings).toEqual([{ peer: '203.0.113.9', unlogged: 0 }]);
    clock.now += 60_000;
    watch.check('203.0.113.9', '198.51.100.1', log);
    expect(warnings).toEqual([
      { peer: '203.0.113.9', unlogged: 0 },
      { peer: '203.0.113.9', unlogged: 999 },
    ]);
    // Many peers: each is logged once, and only the last few (here 3) are remembered.
    for (let i = 1; i <= 100; i++) watch.check(`198.51.100.${i}`, '192.0.2.1', log);
    expect(warnings).toHaveLength(102);
    expect((watch as unknown as { lastWarned: Map<string, unknown> }).lastWarned.size).toBe(3);
  });
});
