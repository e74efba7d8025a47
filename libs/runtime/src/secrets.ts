import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createUser } from '@nats-io/nkeys';
import { BUS_USERS, nkeyVariableOf, seedVariableOf } from '@latchkey/contracts';

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
  const stamp = new Date().toISOString().slice(0, 10);
  const token = generateEd25519Jwk(`identity-${stamp}`);
  const principal = generateEd25519Jwk(`gateway-${stamp}`);
  const audit = generateEd25519Jwk(`audit-${stamp}`);
  // ADR 0015: identity signs lookup replies and announcements; gateway replicas MAC rate-limit sync.
  const bus = generateEd25519Jwk(`identity-bus-${stamp}`);
  return {
    KEY_PEPPER: randomBytes(48).toString('base64url'),
    TOKEN_SIGNING_KEYS: JSON.stringify([token.privateJwk]),
    PRINCIPAL_SIGNING_KEY: JSON.stringify(principal.privateJwk),
    PRINCIPAL_PUBLIC_KEY: JSON.stringify(principal.publicJwk),
    AUDIT_SIGNING_KEY: JSON.stringify(audit.privateJwk),
    BUS_SIGNING_KEYS: JSON.stringify([bus.privateJwk]),
    BUS_PUBLIC_KEYS: JSON.stringify([bus.publicJwk]),
    RATE_LIMIT_SYNC_KEYS: JSON.stringify([
      { kid: `sync-${stamp}`, k: randomBytes(32).toString('base64url') },
    ]),
    ...generateNatsKeys(),
  };
}
