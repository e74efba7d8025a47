import { BlockList } from 'node:net';
import fc from 'fast-check';
import { sourceNetworkOf } from './source-network';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const groups = fc.array(fc.oneof(fc.constant(0), fc.nat(0xffff)), { minLength: 8, maxLength: 8 });
/** The longest zero run compressed to `::` (when there is one of two or more groups). */
function compressed(g: readonly number[]): string {
  const hex = g.map((x) => x.toString(16));
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

function inNetwork(address: string, network: string, family: 'ipv4' | 'ipv6'): boolean {
  const [base, bits] = network.split('/');
  const list = new BlockList();
  list.addSubnet(base as string, Number(bits), family);
  return list.check(address, family);
}

describe('source network of a client address', () => {
  it('IPv4: the /24 that holds the address', () => {
    expect(sourceNetworkOf('203.0.113.77')).toBe('203.0.113.0/24');
    fc.assert(
      fc.property(ipv4, (address) => {
        const network = sourceNetworkOf(address);
        expect(network).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
        expect(inNetwork(address, network, 'ipv4')).toBe(true);
        // The IPv4-mapped form is the same client.
        expect(sourceNetworkOf(`::ffff:${address}`)).toBe(network);
      }),
    );
  });

  it('IPv6: the /64 that holds the address, the same however the address is written', () => {
    expect(sourceNetworkOf('2001:db8:0:1::42')).toBe('2001:db8:0:1::/64');
    expect(sourceNetworkOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceNetworkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    fc.assert(
      fc.property(groups, fc.boolean(), (g, upper) => {
        const full = g.map((x) => x.toString(16).padStart(4, '0')).join(':');
        const short = upper ? compressed(g).toUpperCase() : compressed(g);
        const network = sourceNetworkOf(full);
        expect(sourceNetworkOf(short)).toBe(network);
        expect(network).toBe(
          `${g
            .slice(0, 4)
            .map((x) => x.toString(16))
            .join(':')}::/64`,
        );
        if (!(g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff))
          expect(inNetwork(full, network, 'ipv6')).toBe(true);
      }),
    );
  });

  it('what is not an address falls in one bucket, `unknown`', () => {
    for (const text of ['', 'not-an-ip', '999.1.1.1', 'x'.repeat(10_000), '1.2.3.4/24'])
      expect(sourceNetworkOf(text)).toBe('unknown');
  });
});
