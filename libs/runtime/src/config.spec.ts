import fc from 'fast-check';
import { z } from 'zod';
import { createAccount, createUser } from '@nats-io/nkeys';
import { ConfigError, databaseEnv, httpEnv, jwkEnv, natsEnv, parseConfig } from './config';

const schema = z.object({
  ...httpEnv(8081, 9091),
  ...databaseEnv('identity'),
  KEY_PEPPER: z.string().min(32),
  SIGNING_KEY: jwkEnv(),
});

const SIGNING_KEY = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'public-part' });
const validEnv = {
  DATABASE_URL: 'postgres://latchkey@127.0.0.1:5432/latchkey',
  KEY_PEPPER: 'p'.repeat(40),
  SIGNING_KEY,
};

const configErrorOf = (env: Record<string, string>): ConfigError => {
  try {
    parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
};

describe('parseConfig', () => {
  it('a complete environment parses, with defaults and coercion applied', () => {
    const config = parseConfig(schema, { ...validEnv, PORT: '9000' });
    expect(config.PORT).toBe(9000);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.DATABASE_SCHEMA).toBe('identity');
    expect(config.SIGNING_KEY).toEqual(JSON.parse(SIGNING_KEY));
  });

  it('a missing variable is named, and said to be missing', () => {
    const { DATABASE_URL: _omitted, ...env } = validEnv;
    const error = configErrorOf(env);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/DATABASE_URL: missing/);
    expect(error.problems).toHaveLength(1);
  });

  it('every missing variable is reported, not only the first', () => {
    const error = configErrorOf({});
    for (const name of ['DATABASE_URL', 'KEY_PEPPER', 'SIGNING_KEY']) {
      expect(error.message).toContain(`${name}: missing`);
    }
  });

  it('an invalid value names its variable, says invalid, and never echoes the value', () => {
    const secretUrl = 'mysql://admin:Sup3rS3cretPassw0rd@db.internal/latchkey';
    const error = configErrorOf({ ...validEnv, DATABASE_URL: secretUrl });
    expect(error.message).toContain('DATABASE_URL: invalid');
    expect(error.message).not.toContain('Sup3rS3cretPassw0rd');
    expect(error.message).not.toContain(secretUrl);
  });

  it('a secret that fails validation never appears in the message', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{12,31}$/), (secret) => {
        const value = `sk_${secret}`.slice(0, 31);
        const error = configErrorOf({
          ...validEnv,
          KEY_PEPPER: value,
          SIGNING_KEY: JSON.stringify({ kty: 'RSA', d: value }),
          PORT: value,
          LOG_LEVEL: value,
          DATABASE_SCHEMA: `${value}-x`,
        });
        for (const name of ['KEY_PEPPER', 'SIGNING_KEY', 'PORT', 'LOG_LEVEL', 'DATABASE_SCHEMA']) {
          expect(error.message).toContain(`${name}: invalid`);
        }
        expect(error.message).not.toContain(value);
        expect(error.message).not.toContain(secret.slice(0, 12));
      }),
      { numRuns: 50 },
    );
  });

  it("NATS_NKEY_SEED: a user's nkey seed is accepted; another kind of seed, a public key or text is refused unechoed", () => {
    const nats = z.object(natsEnv);
    const user = createUser();
    const seed = new TextDecoder().decode(user.getSeed());
    expect(parseConfig(nats, { NATS_NKEY_SEED: seed }).NATS_NKEY_SEED).toBe(seed);
    const account = new TextDecoder().decode(createAccount().getSeed());
    for (const bad of [
      account,
      user.getPublicKey(),
      // One character changed mid-seed: the checksum refuses it. (The last character carries two
      // padding bits, so changing it can leave the decoded seed as it was.)
      `${seed.slice(0, 10)}${seed[10] === 'A' ? 'B' : 'A'}${seed.slice(11)}`,
      'secret',
    ]) {
      let message = '';
      try {
        parseConfig(nats, { NATS_NKEY_SEED: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('NATS_NKEY_SEED: invalid');
      expect(message).not.toContain(bad);
    }
    expect(() => parseConfig(nats, {})).toThrow(/NATS_NKEY_SEED: missing/);
  });

  it('an empty value is invalid, not missing', () => {
    const error = configErrorOf({ ...validEnv, KEY_PEPPER: '' });
    expect(error.message).toContain('KEY_PEPPER: invalid');
  });
});
