import { freePort, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every credential derived from another ends with it, on every gateway replica: access tokens with
 * the secret they were exchanged with, user tokens with a password, role, status or membership.
 * Sign-in throttling slows guessing without locking anyone out, and answers one way for every
 * failure. Every credential issued, and every change of who can do what, is in the audit trail.
 */
describe('credentials end with what they came from; sign-in throttling; the record of issuance', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let replica: GatewayClient;
  let ownerToken: string;
  let ownerId: string;
  let otherOwnerToken: string;

  beforeAll(async () => {
    env = await startStack('credentials', {
      identity: {
        LOGIN_FAILURES_BEFORE_DELAY: '3',
        LOGIN_MAX_DELAY_SECONDS: '8',
        LOGIN_FAILURE_WINDOW_SECONDS: '600',
        ISSUANCE_WINDOW_SECONDS: '1',
      },
      gateway: { TRUSTED_PROXIES: '127.0.0.1', AUTH_FAILURE_LIMIT: '100000' },
    });
    api = new GatewayClient(env.gateway);
    replica = new GatewayClient(
      await env.stack.spawnGateway('gateway-2', await freePort(), {
        TRUSTED_PROXIES: '127.0.0.1',
        AUTH_FAILURE_LIMIT: '100000',
      }),
    );
    ownerToken = await api.login('owner@acme.example', PASSWORD);
    otherOwnerToken = await api.login('owner@globex.example', PASSWORD);
    const [owner] = await sql<{ id: string }>(
      env.db.url,
      `select id from identity.users where email = 'owner@acme.example'`,
    );
    ownerId = owner!.id;
    // Both replicas announce themselves before anything counts on their confirmations.
    await waitFor('both replicas known to identity', async () => {
      const key = await issueKey();
      const revoked = await api.call('POST', `/admin/keys/${key.id}/revoke`, {
        token: ownerToken,
        body: { reason: 'warm-up' },
      });
      return revoked.body['replicas_known'] === 2;
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function issueKey(body: Record<string, unknown> = {}) {
    const response = await api.call('POST', '/admin/keys', {
      token: ownerToken,
      body: { name: 'credentials', scopes: ['projects:read'], expires_in_days: 30, ...body },
    });
    if (response.status !== 201)
      throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; secret: string; public_id: string; created_by: string };
  }

  async function exchange(secret: string): Promise<string> {
    const response = await api.call('POST', '/auth/token', { body: { api_key: secret } });
    if (response.status !== 200) throw new Error(`exchange: ${response.status}`);
    return response.body['access_token'] as string;
  }

  /** The statuses of one request through each replica. */
  const onBoth = async (path: string, token: string) => [
    (await api.call('GET', path, { token })).status,
    (await replica.call('GET', path, { token })).status,
  ];

  async function newUser(role: 'admin' | 'member', kind: 'human' | 'service' = 'human', token = ownerToken) {
    const email = `cred-${Date.now()}-${Math.random().toString(36).slice(2)}@acme.example`;
    const password = 'a-long-password-1';
    const created = await api.call('POST', '/admin/users', {
      token,
      body: { email, name: 'Credential test', role, kind, password },
    });
    if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
    return { id: created.body['id'] as string, email, password };
  }

  describe('access tokens end with their secret', () => {
    it('an access token of a regenerated secret is refused by both replicas right after the regenerate', async () => {
      const key = await issueKey();
      const token = await exchange(key.secret);
      expect(await onBoth('/v1/projects', token)).toEqual([200, 200]);
      const regenerated = await api.call('POST', `/admin/keys/${key.id}/rotate`, {
        token: ownerToken,
        body: { grace_seconds: 0 },
      });
      expect(regenerated.status).toBe(200);
      expect(regenerated.body).toMatchObject({ replicas_confirmed: 2, replicas_known: 2 });
      expect(await onBoth('/v1/projects', token)).toEqual([401, 401]);
      const refused = await replica.call('GET', '/v1/projects', { token });
      expect(refused.body['code']).toBe('invalid_token');
      // The new secret's tokens work.
      expect(await onBoth('/v1/projects', await exchange(regenerated.body['secret'] as string))).toEqual([
        200, 200,
      ]);
    });

    it('an access token of a rotated-away secret works during the grace window and is refused at its end, on both replicas', async () => {
      const key = await issueKey();
      const token = await exchange(key.secret);
      expect(await onBoth('/v1/projects', token)).toEqual([200, 200]);
      const rotated = await api.call('POST', `/admin/keys/${key.id}/rotate`, {
        token: ownerToken,
        body: { grace_seconds: 3 },
      });
      expect(rotated.body).toMatchObject({ replicas_confirmed: 2, replicas_known: 2 });
      // Within the grace window, the old secret's token still works (its own exp is 15 minutes away).
      expect(await onBoth('/v1/projects', token)).toEqual([200, 200]);
      const graceEnd = Date.parse(rotated.body['previous_secret_valid_until'] as string);
      await sleep(Math.max(0, graceEnd - Date.now() + 50));
      expect(await onBoth('/v1/projects', token)).toEqual([401, 401]);
      expect(await onBoth('/v1/projects', await exchange(rotated.body['secret'] as string))).toEqual([
        200, 200,
      ]);
    });
  });

  describe('user tokens end with a change of password, role, status or membership', () => {
    /** A fresh admin and their token, working at identity and on both replicas. */
    async function signedInAdmin() {
      const user = await newUser('admin');
      const token = await api.login(user.email, user.password);
      expect(await working(token)).toEqual({ identity: 200, gateways: [200, 200] });
      return { ...user, token };
    }
    /** Identity's own admin route, and an audit route through each replica. */
    const working = async (token: string) => ({
      identity: (await api.call('GET', '/admin/keys', { token })).status,
      gateways: await onBoth('/audit/events', token),
    });
    const refusedEverywhere = { identity: 401, gateways: [401, 401] };

    it('password change by the user: every older token stops; the answer holds a new one', async () => {
      const admin = await signedInAdmin();
      const other = await api.login(admin.email, admin.password);
      const wrong = await api.call('POST', '/auth/password', {
        token: admin.token,
        body: { current_password: 'not-the-password', new_password: 'a-new-long-password' },
      });
      expect({ status: wrong.status, code: wrong.body['code'] }).toEqual({ status: 403, code: 'forbidden' });
      expect(await working(admin.token)).toEqual({ identity: 200, gateways: [200, 200] });

      const changed = await api.call('POST', '/auth/password', {
        token: admin.token,
        body: { current_password: admin.password, new_password: 'a-new-long-password' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ token_type: 'Bearer', replicas_confirmed: 2, replicas_known: 2 });
      expect(await working(admin.token)).toEqual(refusedEverywhere);
      expect(await working(other)).toEqual(refusedEverywhere);
      expect(await working(changed.body['access_token'] as string)).toEqual({
        identity: 200,
        gateways: [200, 200],
      });
      expect(
        (await api.call('POST', '/auth/login', { body: { email: admin.email, password: admin.password } }))
          .status,
      ).toBe(401);
      await api.login(admin.email, 'a-new-long-password');
    });

    it("password reset by an owner: the member's tokens stop, the new password signs in", async () => {
      const admin = await signedInAdmin();
      const reset = await api.call('POST', `/admin/users/${admin.id}/password`, {
        token: ownerToken,
        body: { new_password: 'set-by-the-owner-1' },
      });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ id: admin.id, replicas_confirmed: 2, replicas_known: 2 });
      expect(await working(admin.token)).toEqual(refusedEverywhere);
      await api.login(admin.email, 'set-by-the-owner-1');
      // Nobody resets their own password this way (it takes the current one).
      const own = await api.call('POST', `/admin/users/${ownerId}/password`, {
        token: ownerToken,
        body: { new_password: 'set-by-the-owner-1' },
      });
      expect(own.status).toBe(403);
    });

    it('role change: older tokens stop, and stay refused when the role is given back', async () => {
      const admin = await signedInAdmin();
      const demoted = await api.call('PATCH', `/admin/users/${admin.id}`, {
        token: ownerToken,
        body: { role: 'member' },
      });
      expect(demoted.body).toMatchObject({ role: 'member', replicas_confirmed: 2, replicas_known: 2 });
      expect(await working(admin.token)).toEqual(refusedEverywhere);
      await api.call('PATCH', `/admin/users/${admin.id}`, { token: ownerToken, body: { role: 'admin' } });
      // The token says admin again, but it was issued before two changes.
      expect(await working(admin.token)).toEqual(refusedEverywhere);
      expect(await working(await api.login(admin.email, admin.password))).toEqual({
        identity: 200,
        gateways: [200, 200],
      });
    });

    it('disable: older tokens stop, and sign-in is refused', async () => {
      const admin = await signedInAdmin();
      const disabled = await api.call('PATCH', `/admin/users/${admin.id}`, {
        token: ownerToken,
        body: { status: 'disabled' },
      });
      expect(disabled.body).toMatchObject({ status: 'disabled', replicas_confirmed: 2, replicas_known: 2 });
      expect(await working(admin.token)).toEqual(refusedEverywhere);
      expect(
        (await api.call('POST', '/auth/login', { body: { email: admin.email, password: admin.password } }))
          .status,
      ).toBe(401);
    });

    it('removal: tokens stop and sign-in is refused; their keys stay; the email may be given to someone new', async () => {
      const admin = await signedInAdmin();
      const created = await api.call('POST', '/admin/keys', {
        token: admin.token,
        body: { name: 'made by a leaver', scopes: ['projects:read'], expires_in_days: 30 },
      });
      expect(created.status).toBe(201);
      const removed = await api.call('DELETE', `/admin/users/${admin.id}`, { token: ownerToken });
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({
        id: admin.id,
        removed: true,
        replicas_confirmed: 2,
        replicas_known: 2,
      });
      expect(await working(admin.token)).toEqual(refusedEverywhere);
      expect(
        (await api.call('POST', '/auth/login', { body: { email: admin.email, password: admin.password } }))
          .status,
      ).toBe(401);
      expect((await api.call('GET', `/admin/users/${admin.id}`, { token: ownerToken })).status).toBe(404);
      // The key keeps working, and keeps its creator's id.
      expect(
        (await api.call('GET', '/v1/projects', { token: created.body['secret'] as string })).status,
      ).toBe(200);
      const key = await api.call('GET', `/admin/keys/${created.body['id'] as string}`, { token: ownerToken });
      expect(key.body['created_by']).toBe(admin.id);
      // The email is free again: a new user, a new id; the old token stays refused.
      const again = await api.call('POST', '/admin/users', {
        token: ownerToken,
        body: { email: admin.email, name: 'Returning', role: 'admin', password: 'another-long-password' },
      });
      expect(again.status).toBe(201);
      expect(again.body['id']).not.toBe(admin.id);
      await api.login(admin.email, 'another-long-password');
      expect(await working(admin.token)).toEqual(refusedEverywhere);
      // Nobody removes themselves.
      expect((await api.call('DELETE', `/admin/users/${ownerId}`, { token: ownerToken })).status).toBe(403);
    });
  });

  describe('sign-in throttling slows guessing without locking anyone out', () => {
    const login = (email: string, password: string, ip: string) =>
      api.call('POST', '/auth/login', { body: { email, password }, ip });

    it("the victim's right password from their own address succeeds while an attacker fails many times from another", async () => {
      const victim = await newUser('member');
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++)
        statuses.push((await login(victim.email, `guess-${i}`, '203.0.113.66')).status);
      // Three free failures, then the attacker waits (a second, then two, …) between guesses.
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect((await login(victim.email, victim.password, '198.51.100.23')).status).toBe(200);
    });

    it('each further failure from one address doubles the wait, and waiting exactly Retry-After is enough', async () => {
      const user = await newUser('member');
      const ip = '203.0.113.70';
      for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong-password', ip)).status).toBe(401);
      const waits: number[] = [];
      for (let i = 0; i < 3; i++) {
        const refused = await login(user.email, 'wrong-password', ip);
        expect(refused.status).toBe(429);
        const wait = Number(refused.headers.get('retry-after'));
        waits.push(wait);
        await sleep(wait * 1000);
        // Honest: after exactly that long, the attempt is answered (here: wrong password).
        expect((await login(user.email, 'wrong-password', ip)).status).toBe(401);
      }
      expect(waits).toEqual([1, 2, 4]);
    });

    it('successes consume nothing: many sign-ins from one address leave its failures budget whole', async () => {
      const user = await newUser('member');
      const ip = '203.0.113.71';
      for (let i = 0; i < 32; i++) expect((await login(user.email, user.password, ip)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong-password', ip)).status).toBe(401);
      expect((await login(user.email, 'wrong-password', ip)).status).toBe(429);
    });

    it('the pair exchange is throttled per public id and address: bad pairs from one address lock out no other', async () => {
      const key = await issueKey();
      const body = `lk_live_${'u'.repeat(40)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push(
          (
            await api.call('POST', '/auth/token', {
              body: { public_id: key.public_id, secret: `${body}AAAAAA` },
              ip: '203.0.113.80',
            })
          ).status,
        );
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
      const fromOwner = await api.call('POST', '/auth/token', {
        body: { public_id: key.public_id, secret: key.secret },
        ip: '198.51.100.24',
      });
      expect(fromOwner.status).toBe(200);
    });

    it('an unknown email, a wrong password and a disabled account get the same answer and the same throttling', async () => {
      const known = await newUser('member');
      const disabled = await newUser('member');
      await api.call('PATCH', `/admin/users/${disabled.id}`, {
        token: ownerToken,
        body: { status: 'disabled' },
      });
      const cases = {
        unknown: { email: `nobody-${Date.now()}@acme.example`, password: 'wrong-password-1' },
        wrongPassword: { email: known.email, password: 'wrong-password-1' },
        disabledRightPassword: { email: disabled.email, password: disabled.password },
      };
      const PER_REQUEST = new Set(['date', 'x-request-id', 'request-id', 'keep-alive', 'connection']);
      const answers = await Promise.all(
        Object.entries(cases).map(async ([name, body], index) => {
          const ip = `203.0.113.${90 + index}`;
          const statuses: number[] = [];
          const retryAfter: (string | null)[] = [];
          let first:
            { status: number; headers: Record<string, string>; body: Record<string, unknown> } | undefined;
          for (let i = 0; i < 5; i++) {
            const response = await login(body.email, body.password, ip);
            statuses.push(response.status);
            retryAfter.push(response.headers.get('retry-after'));
            if (!first) {
              const headers: Record<string, string> = {};
              response.headers.forEach((value, header) => {
                if (!PER_REQUEST.has(header)) headers[header] = value;
              });
              const { request_id: _id, ...rest } = response.body;
              first = { status: response.status, headers, body: rest };
            }
          }
          return { name, first, statuses, retryAfter };
        }),
      );
      const [unknown, ...others] = answers;
      expect(unknown!.first).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
      expect(unknown!.statuses).toEqual([401, 401, 401, 429, 429]);
      for (const other of others) {
        expect({ name: other.name, first: other.first }).toEqual({ name: other.name, first: unknown!.first });
        expect({ name: other.name, statuses: other.statuses }).toEqual({
          name: other.name,
          statuses: unknown!.statuses,
        });
        expect({ name: other.name, retryAfter: other.retryAfter }).toEqual({
          name: other.name,
          retryAfter: unknown!.retryAfter,
        });
      }
    });
  });

  describe('service users', () => {
    it("service tokens live a day by default and never beyond the policy's longest key lifetime", async () => {
      const service = await newUser('member', 'service');
      const login = async () =>
        api.call('POST', '/auth/login', { body: { email: service.email, password: service.password } });
      expect((await login()).body['expires_in']).toBe(86_400);

      const refused = await api.call('PUT', '/admin/policy', {
        token: ownerToken,
        body: { max_key_lifetime_days: 1, service_token_ttl_seconds: 7 * 86_400 },
      });
      expect({ status: refused.status, rule: refused.body['rule'] }).toEqual({
        status: 400,
        rule: 'service_token_ttl_seconds',
      });
      // A policy stored before the rule existed is bounded at sign-in.
      const [org] = await sql<{ policy: unknown }>(
        env.db.url,
        `select policy from identity.organisations where id = (select org_id from identity.users where id = $1)`,
        [service.id],
      );
      try {
        await sql(
          env.db.url,
          `update identity.organisations set policy = $1::jsonb
            where id = (select org_id from identity.users where id = $2)`,
          [JSON.stringify({ max_key_lifetime_days: 2, service_token_ttl_seconds: 30 * 86_400 }), service.id],
        );
        const bounded = await login();
        expect(bounded.body['expires_in']).toBe(2 * 86_400);
        const claims = JSON.parse(
          Buffer.from((bounded.body['access_token'] as string).split('.')[1]!, 'base64url').toString(),
        ) as { iat: number; exp: number };
        expect(claims.exp - claims.iat).toBe(2 * 86_400);
      } finally {
        await sql(
          env.db.url,
          `update identity.organisations set policy = $1::jsonb
            where id = (select org_id from identity.users where id = $2)`,
          [JSON.stringify(org!.policy), service.id],
        );
      }
    });
  });

  describe('the audit trail holds every change of who can do what, and every credential issued', () => {
    type AuditEvent = { type: string; data: Record<string, unknown> };
    const eventsOf = async (query: string, token = ownerToken): Promise<AuditEvent[]> => {
      const response = await api.call('GET', `/audit/events?${query}`, { token });
      if (response.status !== 200)
        throw new Error(`audit: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body['data'] as AuditEvent[];
    };

    it('a role change reaches GET /audit/events, with who changed it', async () => {
      const member = await newUser('member');
      await api.call('PATCH', `/admin/users/${member.id}`, { token: ownerToken, body: { role: 'admin' } });
      await waitFor(
        'user.role_changed in the audit trail',
        async () =>
          (await eventsOf(`type=user.role_changed&actor=${ownerId}`)).some(
            (e) => e.data['user_id'] === member.id && e.data['from'] === 'member' && e.data['to'] === 'admin',
          ),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
    });

    it('a policy change reaches GET /audit/events with the old and new values and the actor', async () => {
      const before = await api.call('GET', '/admin/policy', { token: otherOwnerToken });
      const changed = await api.call('PUT', '/admin/policy', {
        token: otherOwnerToken,
        body: { ...before.body, user_token_ttl_seconds: 3600 },
      });
      expect(changed.status).toBe(200);
      let event: AuditEvent | undefined;
      await waitFor(
        'policy.updated in the audit trail',
        async () => {
          event = (await eventsOf('type=policy.updated', otherOwnerToken))[0];
          return event !== undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      expect(event!.data).toMatchObject({
        changes: ['user_token_ttl_seconds'],
        from: { user_token_ttl_seconds: before.body['user_token_ttl_seconds'] },
        to: { user_token_ttl_seconds: 3600 },
        actor: { type: 'user' },
      });
      // Another organisation's trail does not hold it.
      expect(await eventsOf('type=policy.updated')).toEqual([]);
      await api.call('PUT', '/admin/policy', { token: otherOwnerToken, body: before.body });
    });

    it('token exchanges and sign-ins are recorded as token.issued, counted per credential', async () => {
      const key = await issueKey();
      for (let i = 0; i < 3; i++) await exchange(key.secret);
      const [secret] = await sql<{ id: string }>(
        env.db.url,
        'select id from identity.api_key_secrets where key_id = $1',
        [key.id],
      );
      const member = await newUser('member');
      await api.login(member.email, member.password);
      await api.login(member.email, member.password);
      const issuedTo = async (query: string) =>
        (await eventsOf(`type=token.issued&${query}`)).reduce((sum, e) => sum + Number(e.data['count']), 0);
      await waitFor(
        'three access tokens of the key in the trail',
        async () => (await issuedTo(`key_id=${key.id}`)) === 3,
        {
          timeoutMs: 20_000,
          intervalMs: 250,
        },
      );
      await waitFor(
        'two sign-ins of the member in the trail',
        async () => (await issuedTo(`actor=${member.id}`)) === 2,
        {
          timeoutMs: 20_000,
          intervalMs: 250,
        },
      );
      const [access] = await eventsOf(`type=token.issued&key_id=${key.id}`);
      expect(access!.data).toMatchObject({
        kind: 'access_token',
        key_id: key.id,
        secret_id: secret!.id,
        actor: { type: 'api_key', id: key.id },
      });
      expect(Object.values(access!.data['by_ip'] as Record<string, number>).every((n) => n >= 1)).toBe(true);
      const [signIn] = await eventsOf(`type=token.issued&actor=${member.id}`);
      expect(signIn!.data).toMatchObject({ kind: 'user_token', user_id: member.id });
      // No token, secret or hash in them.
      expect(JSON.stringify(access)).not.toContain(key.secret);
    });
  });
});
