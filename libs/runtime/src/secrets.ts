import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createUser } from '@nats-io/nkeys';
import { BUS_USERS, nkeyVariableOf, seedVariableOf } from '@latchkey/contracts';

/**
 * A key id for a key generated today: what it is for, the day, and 8 characters that tell two keys
 * of one day apart (rotating twice in a day puts both generations side by side in one list, and a
 * verifier picks the key by kid).
 */
function kidFor(purpose: string, distinct: string): string {
  return `${purpose}-${new Date().toISOString().slice(0, 10)}-${distinct.slice(0, 8)}`;
}

/** The RFC 7638 thumbprint of an Ed25519 public JWK: the key's own name, base64url. */
function thumbprint(publicJwk: Record<string, string>): string {
  const canonical = JSON.stringify({ crv: publicJwk['crv'], kty: publicJwk['kty'], x: publicJwk['x'] });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A fresh Ed25519 key pair for `purpose`, kid from the day and the key's thumbprint. */
function generateDatedEd25519Jwk(purpose: string): ReturnType<typeof generateEd25519Jwk> {
  const { privateJwk, publicJwk } = generateEd25519Jwk('');
  const kid = kidFor(purpose, thumbprint(publicJwk));
  return { privateJwk: { ...privateJwk, kid }, publicJwk: { ...publicJwk, kid } };
}

/** A fresh Ed25519 key pair as JWKs (private includes `d`), with a key id. */
export function generateEd25519Jwk(kid: string): {
  privateJwk: Record<string, string>;
  publicJwk: Record<string, string>;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateJwk = { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid };
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid };
  return { privateJwk, publicJwk };
}

/**
 * One nkey per user of the bus: NATS_SEED_<USER> (secret; the container of that service gets it
 * as NATS_NKEY_SEED, and only it) and NATS_NKEY_<USER> (public; the NATS server's environment).
 */
export function generateNatsKeys(): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const user of BUS_USERS) {
    const pair = createUser();
    keys[seedVariableOf(user)] = new TextDecoder().decode(pair.getSeed());
    keys[nkeyVariableOf(user)] = pair.getPublicKey();
  }
  return keys;
}

/**
 * Every secret a Latchkey deployment needs, freshly generated: used by `npm start` for a local
 * stack, by the tests, and by operators via `node scripts/generate-keys.mjs`.
 */
export function generateDeploymentSecrets(): Record<string, string> {
  const token = generateDatedEd25519Jwk('identity');
  const principal = generateDatedEd25519Jwk('gateway');
  const audit = generateDatedEd25519Jwk('audit');
  // ADR 0015: identity signs lookup replies and announcements; gateway replicas MAC rate-limit sync.
  const bus = generateDatedEd25519Jwk('identity-bus');
  const syncKey = randomBytes(32).toString('base64url');
  return {
    KEY_PEPPER: randomBytes(48).toString('base64url'),
    TOKEN_SIGNING_KEYS: JSON.stringify([token.privateJwk]),
    PRINCIPAL_SIGNING_KEY: JSON.stringify(principal.privateJwk),
    PRINCIPAL_PUBLIC_KEY: JSON.stringify(principal.publicJwk),
    AUDIT_SIGNING_KEY: JSON.stringify(audit.privateJwk),
    BUS_SIGNING_KEYS: JSON.stringify([bus.privateJwk]),
    BUS_PUBLIC_KEYS: JSON.stringify([bus.publicJwk]),
    RATE_LIMIT_SYNC_KEYS: JSON.stringify([
      { kid: kidFor('sync', randomBytes(6).toString('base64url')), k: syncKey },
    ]),
    ...generateNatsKeys(),
  };
}
