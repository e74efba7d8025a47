import {
  BUS_USERS,
  busPermissions,
  DEFAULT_BUS_LAYOUT,
  inboxPrefixOf,
  renderNatsAuthorization,
} from './bus-permissions';
import { EVENT_PRODUCERS } from './producers';
import { EVENT_TYPES } from './events';
import { subjectsFor } from './subjects';

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
const may = (allow: string[], subject: string) => allow.some((pattern) => matches(pattern, subject));

describe('bus permissions', () => {
  const permissions = busPermissions(DEFAULT_BUS_LAYOUT);
  const s = subjectsFor(DEFAULT_BUS_LAYOUT.subjectPrefix);

  it('each event type may be published by its producer and by no other user', () => {
    for (const type of EVENT_TYPES)
      for (const user of BUS_USERS)
        expect([type, user, may(permissions[user].publish, s.event('org_1', type))]).toEqual([
          type,
          user,
          EVENT_PRODUCERS[type] === user,
        ]);
  });

  it('only identity announces invalidations and answers lookups; only gateways ask for keys and users', () => {
    for (const user of BUS_USERS) {
      expect([user, may(permissions[user].publish, s.keyInvalidate)]).toEqual([user, user === 'identity']);
      expect([user, may(permissions[user].subscribe, s.keyLookup)]).toEqual([user, user === 'identity']);
      expect([user, may(permissions[user].publish, s.keyLookup)]).toEqual([user, user === 'gateway']);
      expect([user, may(permissions[user].publish, s.rateLimitSync)]).toEqual([user, user === 'gateway']);
    }
  });

  it("no user may subscribe to another's inbox, nor to every inbox", () => {
    for (const user of BUS_USERS)
      for (const other of BUS_USERS) {
        const inbox = `${inboxPrefixOf(other)}.abc`;
        expect([user, other, may(permissions[user].subscribe, inbox)]).toEqual([user, other, user === other]);
        expect(may(permissions[user].subscribe, '_INBOX.abc')).toBe(false);
      }
  });

  it('only the operator may delete or purge the stream', () => {
    for (const user of BUS_USERS)
      for (const api of ['DELETE', 'PURGE'])
        expect([user, may(permissions[user].publish, `$JS.API.STREAM.${api}.LATCHKEY`)]).toEqual([
          user,
          user === 'operator',
        ]);
  });

  it('renders only user public keys or $VARIABLES, never anything else as a key', () => {
    const keys = Object.fromEntries(BUS_USERS.map((u) => [u, '$X'])) as Record<
      (typeof BUS_USERS)[number],
      string
    >;
    expect(renderNatsAuthorization(DEFAULT_BUS_LAYOUT, keys)).not.toMatch(/no_auth_user/);
    expect(() => renderNatsAuthorization(DEFAULT_BUS_LAYOUT, { ...keys, gateway: 'SUSEED' })).toThrow(
      /gateway/,
    );
  });
});
