import fc from 'fast-check';
import { IpAllowList } from './ip-allow-list';

const octet = fc.integer({ min: 0, max: 255 });

describe('IpAllowList', () => {
  it('an empty list allows every address', () => {
    const list = new IpAllowList([]);
    expect(list.empty).toBe(true);
    expect(list.allows('203.0.113.9')).toBe(true);
    expect(list.allows('2001:db8::1')).toBe(true);
  });

  it('an IPv4 CIDR block allows exactly the addresses inside it', () => {
    const list = new IpAllowList(['10.0.0.0/8']);
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        expect(list.allows(`${a}.${b}.${c}.${d}`)).toBe(a === 10);
      }),
    );
  });

  it('an IPv4 /24 stops at its boundary', () => {
    const list = new IpAllowList(['192.168.1.0/24']);
    expect(list.allows('192.168.1.0')).toBe(true);
    expect(list.allows('192.168.1.255')).toBe(true);
    expect(list.allows('192.168.0.255')).toBe(false);
    expect(list.allows('192.168.2.0')).toBe(false);
  });

  it('a single address allows only that address', () => {
    const list = new IpAllowList(['198.51.100.7']);
    expect(list.allows('198.51.100.7')).toBe(true);
    expect(list.allows('198.51.100.8')).toBe(false);
  });

  it('an IPv6 CIDR block allows addresses inside it only', () => {
    const list = new IpAllowList(['2001:db8::/32']);
    expect(list.allows('2001:db8::1')).toBe(true);
    expect(list.allows('2001:db8:ffff:ffff::1')).toBe(true);
    expect(list.allows('2001:db9::1')).toBe(false);
    expect(list.allows('10.0.0.1')).toBe(false);
  });

  it('a single IPv6 address allows only that address, whatever its spelling', () => {
    const list = new IpAllowList(['2001:db8::42']);
    expect(list.allows('2001:db8::42')).toBe(true);
    expect(list.allows('2001:0db8:0000:0000:0000:0000:0000:0042')).toBe(true);
    expect(list.allows('2001:db8::43')).toBe(false);
  });

  it('an IPv4-mapped IPv6 address is judged as the IPv4 address it carries', () => {
    const list = new IpAllowList(['10.0.0.0/8']);
    expect(list.allows('::ffff:10.0.0.1')).toBe(true);
    expect(list.allows('::ffff:11.0.0.1')).toBe(false);
  });

  it('several entries of both families: any one is enough', () => {
    const list = new IpAllowList(['10.0.0.0/8', '2001:db8::/32', '198.51.100.7']);
    expect(list.allows('10.9.9.9')).toBe(true);
    expect(list.allows('2001:db8::9')).toBe(true);
    expect(list.allows('198.51.100.7')).toBe(true);
    expect(list.allows('198.51.100.6')).toBe(false);
  });

  it.each([
    '',
    'garbage',
    '10.0.0',
    '10.0.0.256',
    '10.0.0.1:443',
    '10.0.0.1/8',
    ' 10.0.0.1',
    '::ffff:garbage',
    'localhost',
  ])('a non-empty list refuses the unparseable client address %j', (ip) => {
    expect(new IpAllowList(['0.0.0.0/0', '::/0']).allows(ip)).toBe(false);
  });
});
