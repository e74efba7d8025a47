import fc from 'fast-check';
import { CanaryTrips } from './canary-trips';

const WINDOW = 60_000;
const req = (url = '/v1/leads?secret=x', ua = 'curl/8') => ({
  method: 'GET',
  url,
  headers: { 'user-agent': ua },
});

describe('canary trips (ADR 0024)', () => {
  it('publishes a key’s first trip at once, with address, user agent, method and path — never the query', () => {
    const trips = new CanaryTrips(WINDOW, 'gw-1');
    const first = trips.trip('org_1', 'key_1', '203.0.113.9', req(), 1_000);
    expect(first).toEqual({
      orgId: 'org_1',
      data: {
        key_id: 'key_1',
        source_ip: '203.0.113.9',
        user_agent: 'curl/8',
        method: 'GET',
        path: '/v1/leads',
        first_at: new Date(1_000).toISOString(),
        last_at: new Date(1_000).toISOString(),
        count: 1,
        gateway: 'gw-1',
      },
    });
  });

  it('counts later trips within the window into one event, handed over when the window ends', () => {
    const trips = new CanaryTrips(WINDOW, 'gw-1');
    trips.trip('org_1', 'key_1', '203.0.113.9', req(), 0);
    expect(trips.trip('org_1', 'key_1', '203.0.113.10', req('/v1/a'), 10)).toBeUndefined();
    expect(trips.trip('org_1', 'key_1', '203.0.113.11', req('/v1/b'), 20)).toBeUndefined();
    expect(trips.takeEnded(WINDOW - 1)).toEqual([]);
    const [ended, ...rest] = trips.takeEnded(WINDOW);
    expect(rest).toEqual([]);
    expect(ended?.data).toMatchObject({ count: 2, source_ip: '203.0.113.10', path: '/v1/a' });
    expect(ended?.data.last_at).toBe(new Date(20).toISOString());
    expect(trips.size).toBe(0);
  });

  it('never loses a trip, and publishes at once only the trip that opens a key’s window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.constantFrom('k1', 'k2', 'k3'), dt: fc.nat(30_000) }), {
          maxLength: 200,
        }),
        (events) => {
          const trips = new CanaryTrips(WINDOW, 'gw');
          let now = 0;
          let published = 0;
          let counted = 0;
          for (const { key, dt } of events) {
            now += dt;
            for (const t of trips.takeEnded(now)) counted += t.data.count;
            const at = trips.trip('org', key, '::1', req(), now);
            if (at) {
              published++;
              counted += at.data.count;
            }
          }
          for (const t of trips.takeEnded(Number.POSITIVE_INFINITY)) counted += t.data.count;
          expect(counted).toBe(events.length);
          // Published at once: one per window a key opened, never one per trip once a window is open.
          expect(published).toBeLessThanOrEqual(Math.ceil(now / WINDOW + 1) * 3);
        },
      ),
    );
  });

  it('cuts the user agent and never grows beyond its key bound (an alarm beyond it still goes out)', () => {
    const trips = new CanaryTrips(WINDOW, 'gw', 2);
    const long = trips.trip('o', 'a', '::1', req('/', 'x'.repeat(1000)), 0);
    expect(long?.data.user_agent).toHaveLength(256);
    trips.trip('o', 'b', '::1', req(), 0);
    expect(trips.trip('o', 'c', '::1', req(), 0)).toBeDefined();
    expect(trips.size).toBe(2);
  });
});
