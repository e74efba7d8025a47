import type { EventBus } from '@latchkey/messaging';
import { BusMessagePurpose, type Principal } from '@latchkey/contracts';
import { BusSequence, ed25519SigningRing, signAnnouncement } from '@latchkey/auth-core';
import { generateDeploymentSecrets, HealthRegistry } from '@latchkey/runtime';
import { LiveTails } from './live-tails';

const secrets = generateDeploymentSecrets();
const config = { BUS_PUBLIC_KEYS: JSON.parse(secrets['BUS_PUBLIC_KEYS']!) };
const identity = ed25519SigningRing(JSON.parse(secrets['BUS_SIGNING_KEYS']!));
const impostor = ed25519SigningRing(JSON.parse(generateDeploymentSecrets()['BUS_SIGNING_KEYS']!));
const sequence = new BusSequence();

/** An announcement as identity sends it: signed, with its sender and sequence. */
function signed(subject: string, message: Record<string, unknown>, ring = identity) {
  const purpose = subject.endsWith('key_invalidate')
    ? BusMessagePurpose.KeyInvalidation
    : BusMessagePurpose.UserInvalidation;
  return signAnnouncement(purpose, 'identity-1', sequence.next(), message, ring);
}

/** A bus whose plain subscriptions the test can publish to. */
function fakeBus() {
  const handlers = new Map<string, (error: Error | null, msg: { json<T>(): T }) => void>();
  const bus = {
    subjects: { keyInvalidate: 'ctl.key_invalidate', userInvalidate: 'ctl.user_invalidate' },
    nc: {
      subscribe: (subject: string, options: { callback: (error: Error | null, msg: unknown) => void }) =>
        handlers.set(subject, options.callback),
    },
  };
  const publish = (subject: string, body: unknown) =>
    handlers.get(subject)?.(null, {
      json: <T>() => (typeof body === 'string' ? JSON.parse(body) : body) as T,
    });
  return { bus: bus as unknown as EventBus, publish };
}

const keyPrincipal = (keyId: string): Principal => ({
  org_id: 'org_1',
  subject: keyId,
  kind: 'api_key',
  key_id: keyId,
  scopes: ['audit:read'],
});
const userPrincipal = (userId: string): Principal => ({
  org_id: 'org_1',
  subject: userId,
  kind: 'user',
  scopes: ['*'],
});

describe('live tails end when their credential changes', () => {
  it("a key's announcement ends that key's tails (revoked or any other change), no one else's", () => {
    const { bus, publish } = fakeBus();
    const tails = new LiveTails(bus, config, new HealthRegistry());
    tails.onApplicationBootstrap();
    const a1 = tails.open(keyPrincipal('key_a'));
    const a2 = tails.open(keyPrincipal('key_a'));
    const b = tails.open(keyPrincipal('key_b'));
    const user = tails.open(userPrincipal('key_a'));
    publish('ctl.key_invalidate', signed('ctl.key_invalidate', { key_id: 'key_a', revoked: true }));
    expect([a1.ended, a2.ended, b.ended, user.ended]).toEqual([true, true, false, false]);
    publish('ctl.key_invalidate', signed('ctl.key_invalidate', { key_id: 'key_b' }));
    expect(b.ended).toBe(true);
  });

  it("a user's role or status change ends that user's tails only", () => {
    const { bus, publish } = fakeBus();
    const tails = new LiveTails(bus, config, new HealthRegistry());
    tails.onApplicationBootstrap();
    const mine = tails.open(userPrincipal('usr_1'));
    const other = tails.open(userPrincipal('usr_2'));
    const key = tails.open(keyPrincipal('usr_1'));
    publish(
      'ctl.user_invalidate',
      signed('ctl.user_invalidate', { user_id: 'usr_1', role: 'viewer', active: false, extra: 'ignored' }),
    );
    expect([mine.ended, other.ended, key.ended]).toEqual([true, false, false]);
  });

  it('a pause is cut short by the end, and malformed announcements change nothing', async () => {
    const { bus, publish } = fakeBus();
    const tails = new LiveTails(bus, config, new HealthRegistry());
    tails.onApplicationBootstrap();
    const tail = tails.open(keyPrincipal('key_a'));
    publish('ctl.key_invalidate', 'not json');
    publish('ctl.key_invalidate', signed('ctl.key_invalidate', { key_id: 42 }));
    publish('ctl.user_invalidate', signed('ctl.user_invalidate', {}));
    expect(tail.ended).toBe(false);
    const started = Date.now();
    const paused = tail.pause(60_000);
    publish('ctl.key_invalidate', signed('ctl.key_invalidate', { key_id: 'key_a', revoked: true }));
    await paused;
    expect(Date.now() - started).toBeLessThan(60_000);
    await tail.pause(60_000); // already ended: returns at once
  });

  it('a closed tail leaves the registry; a later announcement finds nothing to end', () => {
    const { bus, publish } = fakeBus();
    const tails = new LiveTails(bus, config, new HealthRegistry());
    tails.onApplicationBootstrap();
    const tail = tails.open(keyPrincipal('key_a'));
    expect(tails.size).toBe(1);
    tail.close();
    expect(tails.size).toBe(0);
    publish('ctl.key_invalidate', signed('ctl.key_invalidate', { key_id: 'key_a', revoked: true }));
    expect(tail.ended).toBe(false);
  });

  it('an announcement identity did not sign, or one replayed, ends nothing', () => {
    const { bus, publish } = fakeBus();
    const tails = new LiveTails(bus, config, new HealthRegistry());
    tails.onApplicationBootstrap();
    const key = tails.open(keyPrincipal('key_a'));
    const user = tails.open(userPrincipal('usr_1'));
    publish('ctl.key_invalidate', { key_id: 'key_a', revoked: true });
    publish('ctl.key_invalidate', signed('ctl.key_invalidate', { key_id: 'key_a' }, impostor));
    publish('ctl.user_invalidate', { user_id: 'usr_1', role: 'viewer', active: false });
    // A key's announcement passed off as a user's: the purpose is part of what is signed.
    const asKey = signed('ctl.key_invalidate', { user_id: 'usr_1', role: 'viewer', active: false });
    publish('ctl.user_invalidate', asKey);
    expect([key.ended, user.ended]).toEqual([false, false]);

    const genuine = signed('ctl.key_invalidate', { key_id: 'key_b' });
    publish('ctl.key_invalidate', genuine);
    const later = tails.open(keyPrincipal('key_b'));
    publish('ctl.key_invalidate', genuine);
    expect(later.ended).toBe(false);
  });
});
