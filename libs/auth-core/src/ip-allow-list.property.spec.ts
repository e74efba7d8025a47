import fc from 'fast-check';
import { IpAllowList } from './ip-allow-list';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const dotted = (o: readonly number[]) => o.join('.');
const asNumber = (o: readonly number[]) => ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;

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
});
