import fc from 'fast-check';
import { anyScopeAllows, parseScope, scopeAllows, type Scope } from './scopes';

const resource = fc.stringMatching(/^[a-z][a-z_]{0,11}$/);
const action = fc.stringMatching(/^[a-z]{1,8}$/);
const instance = fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/);

const scope = (text: string): Scope => {
  const parsed = parseScope(text);
  if (!parsed) throw new Error(`test setup: ${text} should parse`);
  return parsed;
};

describe('scope grammar', () => {
  it('reads resource:action, resource:* and the admin wildcard *', () => {
    expect(parseScope('leads:read')).toEqual({ resource: 'leads', action: 'read' });
    expect(parseScope('invoices:*')).toEqual({ resource: 'invoices', action: '*' });
    expect(parseScope('*')).toEqual({ resource: '*', action: '*' });
  });

  it('reads an instance binding after @ and only then sets instance', () => {
    expect(parseScope('projects:read@prj_123')).toEqual({
      resource: 'projects',
      action: 'read',
      instance: 'prj_123',
    });
    expect(parseScope('projects:read')).not.toHaveProperty('instance');
  });

  it.each([
    '',
    'leads',
    'leads:',
    ':read',
    'Leads:read',
    'leads:Read',
    'leads:read:all',
    'leads:read@',
    'leads:read@prj 1',
    'leads:read@prj/1',
    'leads:read@a@b',
    '*:read',
    '**',
    'lea*:read',
    ' leads:read',
    'leads:read ',
    'leads:read\n',
    '1leads:read',
  ])('refuses the invalid scope %j', (text) => {
    expect(parseScope(text)).toBeUndefined();
  });

  it('every valid scope text parses back to the parts it was built from', () => {
    fc.assert(
      fc.property(
        resource,
        fc.oneof(action, fc.constant('*')),
        fc.option(instance, { nil: undefined }),
        (r, a, i) => {
          const text = `${r}:${a}${i === undefined ? '' : `@${i}`}`;
          expect(parseScope(text)).toEqual({
            resource: r,
            action: a,
            ...(i === undefined ? {} : { instance: i }),
          });
        },
      ),
    );
  });
});

describe('scope matching', () => {
  it('an exact grant allows its own resource and action only', () => {
    expect(scopeAllows(scope('leads:read'), scope('leads:read'), undefined)).toBe(true);
    expect(scopeAllows(scope('leads:read'), scope('leads:write'), undefined)).toBe(false);
    expect(scopeAllows(scope('leads:read'), scope('invoices:read'), undefined)).toBe(false);
  });

  it('resource:* allows every action on that resource and nothing on another', () => {
    expect(scopeAllows(scope('leads:*'), scope('leads:read'), undefined)).toBe(true);
    expect(scopeAllows(scope('leads:*'), scope('leads:write'), 'lead_1')).toBe(true);
    expect(scopeAllows(scope('leads:*'), scope('invoices:read'), undefined)).toBe(false);
  });

  it('the admin wildcard * allows any valid required scope on any instance', () => {
    fc.assert(
      fc.property(resource, action, fc.option(instance, { nil: undefined }), (r, a, i) => {
        expect(anyScopeAllows(['*'], `${r}:${a}`, i)).toBe(true);
      }),
    );
  });

  it('an instance-bound scope only reaches its own instance', () => {
    const bound = scope('projects:read@prj_123');
    expect(scopeAllows(bound, scope('projects:read'), 'prj_123')).toBe(true);
    expect(scopeAllows(bound, scope('projects:read'), 'prj_456')).toBe(false);
    expect(scopeAllows(bound, scope('projects:read'), 'prj_1234')).toBe(false);
  });

  it('an instance-bound scope does not reach a route that names no instance (a list)', () => {
    expect(scopeAllows(scope('projects:read@prj_123'), scope('projects:read'), undefined)).toBe(false);
  });

  it('an instance binding never widens the action or the resource', () => {
    expect(scopeAllows(scope('projects:read@prj_123'), scope('projects:write'), 'prj_123')).toBe(false);
    expect(scopeAllows(scope('projects:read@prj_123'), scope('leads:read'), 'prj_123')).toBe(false);
  });

  it('an unbound grant reaches every instance of its resource', () => {
    fc.assert(
      fc.property(instance, (i) => {
        expect(scopeAllows(scope('projects:read'), scope('projects:read'), i)).toBe(true);
      }),
    );
  });

  it('a non-wildcard grant never allows a different resource, whatever the action', () => {
    fc.assert(
      fc.property(
        resource,
        resource,
        fc.oneof(action, fc.constant('*')),
        action,
        (granted, required, a, b) => {
          fc.pre(granted !== required);
          expect(anyScopeAllows([`${granted}:${a}`], `${required}:${b}`)).toBe(false);
        },
      ),
    );
  });

  it('any one matching grant in a list is enough, and invalid grants are ignored', () => {
    expect(anyScopeAllows(['LEADS:READ', 'leads', 'invoices:read', 'leads:read'], 'leads:read')).toBe(true);
    expect(anyScopeAllows(['LEADS:READ', 'leads', '* '], 'leads:read')).toBe(false);
  });

  it('no grants allow nothing', () => {
    expect(anyScopeAllows([], 'leads:read')).toBe(false);
  });

  it('an unparseable required scope is never allowed, not even by *', () => {
    expect(anyScopeAllows(['*'], 'not a scope')).toBe(false);
    expect(anyScopeAllows(['*'], '')).toBe(false);
  });

  it('anyScopeAllows passes the route instance to instance-bound grants', () => {
    expect(anyScopeAllows(['projects:read@prj_123'], 'projects:read', 'prj_123')).toBe(true);
    expect(anyScopeAllows(['projects:read@prj_123'], 'projects:read', 'prj_999')).toBe(false);
    expect(anyScopeAllows(['projects:read@prj_123'], 'projects:read')).toBe(false);
  });
});

describe('parsed-scope memo', () => {
  // The memo remembers 10 000 scope texts (scopes.ts); a remembered parse is the same frozen object.
  const MEMO_MAX = 10_000;
  const text = (tag: string, i: number) => `projects:read@prj_${tag}${i}`;

  it('remembers at most 10 000 texts, the most recent ones, however many it parses', () => {
    const results = Array.from({ length: MEMO_MAX + 5_000 }, (_, i) => parseScope(text('bound', i)));
    // From the newest back: each is still remembered until the first forgotten one.
    let remembered = 0;
    for (let i = results.length - 1; i >= 0 && parseScope(text('bound', i)) === results[i]; i--) remembered++;
    expect(remembered).toBe(MEMO_MAX);
  });

  it('forgets the least recently used text first: a scope in steady use stays through a flood', () => {
    const kept = parseScope('projects:read@prj_kept');
    const first = parseScope(text('flood', 0));
    expect(parseScope(text('flood', 0))).toBe(first);
    for (let i = 1; i < 3 * MEMO_MAX; i++) {
      parseScope(text('flood', i));
      if (i % 1_000 === 0) expect(parseScope('projects:read@prj_kept')).toBe(kept);
    }
    expect(parseScope(text('flood', 0))).not.toBe(first);
    expect(parseScope(text('flood', 0))).toEqual(first);
  });

  it('a parsed scope is frozen from the first time, being shared', () => {
    const parsed = parseScope('projects:read@prj_frozen');
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(parseScope('projects:read@prj_frozen')).toBe(parsed);
  });
});
