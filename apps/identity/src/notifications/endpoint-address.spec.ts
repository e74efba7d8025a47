import fc from 'fast-check';
import { checkEndpointUrl, refusalOfAddress, unmappedAddress } from './endpoint-address';

const production = { allowLoopback: false };
const development = { allowLoopback: true };

const octet = fc.integer({ min: 0, max: 255 });
/** A dotted quad inside `a.b.0.0/prefix`. */
function v4In(base: [number, number, number, number], prefix: number) {
  return fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((offset) => {
    const start = ((base[0] << 24) >>> 0) + (base[1] << 16) + (base[2] << 8) + base[3];
    const n = (start + offset) >>> 0;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  });
}

const NON_PUBLIC_V4: Array<[[number, number, number, number], number]> = [
  [[0, 0, 0, 0], 8],
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10],
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16],
  [[172, 16, 0, 0], 12],
  [[192, 168, 0, 0], 16],
  [[224, 0, 0, 0], 4],
  [[240, 0, 0, 0], 4],
];

describe('notification destinations (SSRF)', () => {
  it.each(NON_PUBLIC_V4)('every address of %j/%d is refused, also IPv4-mapped', (base, prefix) => {
    fc.assert(
      fc.property(v4In(base, prefix), (ip) => {
        expect(refusalOfAddress(ip, production)).toBeDefined();
        expect(refusalOfAddress(`::ffff:${ip}`, production)).toBeDefined();
        expect(checkEndpointUrl(`https://${ip}/hook`, production).ok).toBe(false);
        // The URL parser writes a mapped address in hex (::ffff:7f00:1): still refused.
        expect(checkEndpointUrl(`https://[::ffff:${ip}]/hook`, production).ok).toBe(false);
      }),
    );
  });

  it('a decimal, octal or hexadecimal form of a refused IPv4 address is refused', () => {
    fc.assert(
      fc.property(v4In([127, 0, 0, 0], 8), (ip) => {
        const n = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
        const octal = ip
          .split('.')
          .map((part) => `0${Number(part).toString(8)}`)
          .join('.');
        for (const form of [String(n), `0x${n.toString(16)}`, octal]) {
          const verdict = checkEndpointUrl(`https://${form}/`, production);
          expect([form, verdict.ok]).toEqual([form, false]);
        }
      }),
    );
  });

  it('public IPv4 addresses outside every refused range are allowed', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        fc.pre(![0, 10, 127].includes(a) && a < 224 && !(a === 169 && b === 254));
        fc.pre(
          !(a === 172 && b >= 16 && b < 32) &&
            !(a === 192 && b === 168) &&
            !(a === 100 && b >= 64 && b < 128),
        );
        fc.pre(!(a === 192 && b === 0 && (c === 0 || c === 2)) && !(a === 198 && (b === 18 || b === 19)));
        fc.pre(!(a === 198 && b === 51 && c === 100) && !(a === 203 && b === 0 && c === 113));
        fc.pre(!(a === 192 && b === 88 && c === 99));
        expect(refusalOfAddress(`${a}.${b}.${c}.${d}`, production)).toBeUndefined();
      }),
    );
  });

  it.each([
    '::1',
    '[::1]',
    '::',
    '0.0.0.0',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    '169.254.169.254',
    '::ffff:169.254.169.254',
    '::ffff:7f00:1',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    'ff02::1',
  ])('%s is refused', (ip) => {
    expect(refusalOfAddress(ip, production)).toBeDefined();
  });

  it('IPv4-mapped IPv6 addresses are judged as the IPv4 address they reach', () => {
    expect(unmappedAddress('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(unmappedAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(unmappedAddress('2606:4700::1111')).toBe('2606:4700::1111');
  });

  it('public IPv6 addresses are allowed', () => {
    expect(refusalOfAddress('2606:4700:4700::1111', production)).toBeUndefined();
    expect(checkEndpointUrl('https://[2606:4700:4700::1111]/x', production).ok).toBe(true);
  });

  it.each([
    ['http://hooks.example.com/x', 'must use https'],
    ['ftp://hooks.example.com/x', 'must use https'],
    ['https://user:pw@hooks.example.com/x', 'credentials'],
    ['https://localhost/x', 'internal host name'],
    ['https://a.localhost/x', 'internal host name'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'internal host name'],
    ['https://127.0.0.1/x', 'loopback'],
    ['https://[::1]:8443/x', 'loopback'],
    ['https://0.0.0.0/x', 'this-network'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://100.100.100.200/', 'carrier-grade NAT'],
    ['not a url', 'not an absolute URL'],
  ])('in production %s is refused (%s)', (url, why) => {
    const verdict = checkEndpointUrl(url, production);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toContain(why);
  });

  it('https to a public name is allowed, without its fragment', () => {
    const verdict = checkEndpointUrl('https://hooks.example.com/latchkey?x=1#frag', production);
    expect(verdict.ok && verdict.url.toString()).toBe('https://hooks.example.com/latchkey?x=1');
  });

  it('the development flag allows loopback over http, and nothing else non-public', () => {
    for (const url of [
      'http://127.0.0.1:9999/hook',
      'http://localhost:3000/',
      'http://[::1]/',
      'https://127.0.0.2/',
    ]) {
      expect([url, checkEndpointUrl(url, development).ok]).toEqual([url, true]);
    }
    for (const url of [
      'http://10.0.0.1/',
      'https://192.168.1.1/',
      'http://169.254.169.254/',
      'http://example.com/',
    ]) {
      expect([url, checkEndpointUrl(url, development).ok]).toEqual([url, false]);
    }
  });
});
