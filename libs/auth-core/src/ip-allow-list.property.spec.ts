import fc from 'fast-check';
import { IpAllowList } from './ip-allow-list';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const dotted = (o: readonly number[]) => o.join('.');
const asNumber = (o: readonly number[]) => ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;

/** Eight 16-bit groups; written out in full, or with the longest zero run compressed to `::`. */
const ipv6 = fc.array(fc.oneof(fc.constant(0), fc.nat(0xffff)), { minLength: 8, maxLength: 8 });
const asBigInt = (groups: readonly number[]) => groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
function ipv6Text(groups: readonly number[], compress: boolean, upper: boolean): string {
  const hex = groups.map((g) => g.toString(16));
  let text = hex.join(':');
  if (compress) {
    let best = { at: -1, length: 0 };
    for (let i = 0; i < 8;) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > best.length) best = { at: i, length: j - i };
      i = j === i ? i + 1 : j;
    }
    if (best.length >= 2)
      text = `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
  }
  return upper ? text.toUpperCase() : text;
}

describe('IP allow-list matching (properties)', () => {
  it('an IPv4 address is allowed by a CIDR block exactly when its first n bits equal the block’s', () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (network, address, bits) => {
        const list = new IpAllowList([`${dotted(network)}/${bits}`]);
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        const expected = (asNumber(network) & mask) === (asNumber(address) & mask);
        expect(list.allows(dotted(address))).toBe(expected);
        // The IPv4-mapped IPv6 form of the same client is judged the same way.
        expect(list.allows(`::ffff:${dotted(address)}`)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('a single address allows only itself', () => {
    fc.assert(
      fc.property(ipv4, ipv4, (allowed, other) => {
        const list = new IpAllowList([dotted(allowed)]);
        expect(list.allows(dotted(other))).toBe(dotted(allowed) === dotted(other));
      }),
    );
  });

  it('text that is not an IP address is never allowed by a non-empty list', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        fc.pre(!/^[0-9a-fA-F:.]+$/.test(text));
        expect(new IpAllowList(['0.0.0.0/0', '::/0']).allows(text)).toBe(false);
      }),
    );
  });

  it('an IPv6 address is allowed by a CIDR block exactly when its first n bits equal the block’s, however it is written', () => {
    fc.assert(
      fc.property(
        ipv6,
        ipv6,
        fc.integer({ min: 0, max: 128 }),
        fc.boolean(),
        fc.boolean(),
        (network, address, bits, compress, upper) => {
          const list = new IpAllowList([`${ipv6Text(network, false, false)}/${bits}`]);
          const shift = BigInt(128 - bits);
          const expected = asBigInt(network) >> shift === asBigInt(address) >> shift || bits === 0;
          expect(list.allows(ipv6Text(address, compress, upper))).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
