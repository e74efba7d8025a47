import { readFileSync } from 'node:fs';
import { checksumOf } from '@latchkey/auth-core';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

const PASSWORD = 'latchkey-demo';

/**
 * "Find the key for this secret" (ADR 0020), through the gateway: a secret of the caller's
 * organisation names its key (revoked too, with its status); another organisation's is
 * `not_found`, exactly like one nobody issued; a malformed one is a 400; the secret is in no answer
 * and no log line of any service.
 */
describe('POST /admin/keys/lookup: the key a secret belongs to', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let viewer: string;
  let otherOwner: string;
  const secrets: string[] = [];

  const lookup = (token: string, secret: unknown) =>
    api.call('POST', '/admin/keys/lookup', { token, body: { secret } });

  async function createKey(token: string, name: string): Promise<{ id: string; secret: string }> {
    const created = await api.call('POST', '/admin/keys', {
      token,
      body: { name, scopes: ['leads:read'], expires_in_days: 30 },
    });
    expect(created.status).toBe(201);
    const secret = String(created.body['secret']);
    secrets.push(secret);
    return { id: String(created.body['id']), secret };
  }

  beforeAll(async () => {
    env = await startStack('key-lookup', {
      identity: { LOG_LEVEL: 'debug' },
      gateway: { LOG_LEVEL: 'debug' },
    });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    viewer = await api.login('viewer@acme.example', PASSWORD);
    otherOwner = await api.login('owner@globex.example', PASSWORD);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('finds a key of the own organisation, for an owner and a viewer, with its view and never its secret or hash', async () => {
    const { id, secret } = await createKey(owner, 'lookup: own');
    for (const token of [owner, viewer]) {
      const found = await lookup(token, secret);
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id, name: 'lookup: own', status: 'active' });
      expect(JSON.stringify(found.body)).not.toContain(secret);
      expect(Object.keys(found.body)).not.toEqual(expect.arrayContaining(['secret', 'secret_hash', 'hash']));
    }
  });

  it("answers another organisation's key as not_found, exactly like a secret nobody issued", async () => {
    const { secret: foreign } = await createKey(otherOwner, 'lookup: globex');
    // A well-formed secret (valid checksum) that no key has.
    const body = `lk_live_${'Z'.repeat(40)}`;
    const unknown = body + checksumOf(body);
    const answers = [await lookup(owner, foreign), await lookup(owner, unknown)];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body['code']).toBe('not_found');
    }
    const strip = ({ request_id: _id, ...rest }: Record<string, unknown>) => rest;
    expect(strip(answers[0]!.body)).toEqual(strip(answers[1]!.body));
    // The other organisation finds its own.
    expect((await lookup(otherOwner, foreign)).status).toBe(200);
  });

  it('refuses a malformed secret or a wrong checksum with 400 invalid_request naming the field', async () => {
    const { secret } = await createKey(owner, 'lookup: typo');
    const typo = `${secret.slice(0, 20)}${secret[20] === 'a' ? 'b' : 'a'}${secret.slice(21)}`;
    for (const candidate of ['not a secret', typo, `${secret}x`, 42]) {
      const answer = await lookup(owner, candidate);
      expect({ candidate, status: answer.status, code: answer.body['code'] }).toEqual({
        candidate,
        status: 400,
        code: 'invalid_request',
      });
      expect(JSON.stringify(answer.body)).toMatch(/secret/);
      expect(JSON.stringify(answer.body)).not.toContain(secret.slice(8, 40));
    }
  });

  it('finds a revoked key, with its status', async () => {
    const { id, secret } = await createKey(owner, 'lookup: revoked');
    const revoked = await api.call('POST', `/admin/keys/${id}/revoke`, {
      token: owner,
      body: { reason: 'leaked' },
    });
    expect(revoked.status).toBe(200);
    const found = await lookup(owner, secret);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id, status: 'revoked', revoked_reason: 'leaked' });
  });

  it('refuses a GET with the secret in the URL: the route is POST only', async () => {
    const answer = await api.call('GET', `/admin/keys/lookup?secret=${secrets[0]}`, { token: owner });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it('writes no secret it was asked about into any log line of any service', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const logs = ['identity', 'gateway', 'data-api', 'audit']
      .map((s) => readFileSync(env.stack.logFile(s as never), 'utf8'))
      .join('\n');
    expect(logs).toContain('/admin/keys/lookup');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
