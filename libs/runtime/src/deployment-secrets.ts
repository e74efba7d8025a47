import { sign, verify } from 'node:crypto';
import type { z } from 'zod';
import { ed25519SigningRing, ed25519VerifyRing, type BusKeyRing } from '@latchkey/auth-core';
import { BUS_USERS, nkeyVariableOf, seedVariableOf, type BusUser } from '@latchkey/contracts';
import { publicKeyOfSeed } from '@latchkey/messaging';

/**
 * Which secrets each deployed container gets, and a pre-flight check of a deployment's secrets
 * before anything starts. One table for Kubernetes (Secret keys), docker compose (.env names) and
 * the deployment tests: each service gets exactly the secret variables its own config schema reads.
 */
export const DEPLOYED_SERVICES = ['identity', 'gateway', 'data-api', 'audit'] as const;
export type DeployedService = (typeof DEPLOYED_SERVICES)[number];

/**
 * Variables whose value is a secret, or decides whom a service trusts: given from the Secret (or
 * .env by interpolation), never written inline. A service gets those of them its schema reads.
 */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'KEY_PEPPER',
  'KEY_PEPPERS',
  'TOKEN_SIGNING_KEYS',
  'PRINCIPAL_SIGNING_KEY',
  'PRINCIPAL_PUBLIC_KEY',
  'PRINCIPAL_PUBLIC_KEYS',
  'AUDIT_SIGNING_KEY',
  'AUDIT_RETIRED_PUBLIC_KEYS',
  'BUS_SIGNING_KEYS',
  'BUS_PUBLIC_KEYS',
  'RATE_LIMIT_SYNC_KEYS',
  'NATS_NKEY_SEED',
] as const;

/** Rotation lists: absent or empty until a rotation uses them (secretKeyRef `optional: true`). */
const OPTIONAL_VARIABLES = new Set<string>([
  'KEY_PEPPERS',
  'PRINCIPAL_PUBLIC_KEYS',
  'AUDIT_RETIRED_PUBLIC_KEYS',
]);

export interface SecretEntry {
  /** The variable the service reads. */
  variable: string;
  /** Its key in the Kubernetes Secret latchkey-secrets. */
  key: string;
  /** Its name in .env (docker compose interpolates it into the service's environment). */
  envName: string;
  /** May be absent (a rotation list). */
  optional: boolean;
  /** In .env, the shared name that applies while `envName` is empty (DATABASE_URL). */
  fallbackEnvName?: string;
}

/**
 * The Secret key of a variable: kebab-case of its name; a service's nkey seed and its database URL
 * (its own PostgreSQL role, docs/operations.md "PostgreSQL roles") are its own keys.
 */
export function secretKeyOf(variable: string, service: DeployedService): string {
  if (variable === 'NATS_NKEY_SEED') return `nats-seed-${service}`;
  if (variable === 'DATABASE_URL') return `database-url-${service}`;
  return variable.toLowerCase().replace(/_/g, '-');
}

/**
 * The .env name of a variable: its own, but a service's seed is NATS_SEED_<SERVICE> and its
 * database URL DATABASE_URL_<SERVICE> (which falls back to DATABASE_URL while empty).
 */
export function envNameOf(variable: string, service: DeployedService): string {
  if (variable === 'NATS_NKEY_SEED') return seedVariableOf(service);
  if (variable === 'DATABASE_URL') return `DATABASE_URL_${service.toUpperCase().replace(/-/g, '_')}`;
  return variable;
}

/** The migration Job's (and compose migrate's) database URL: the role that owns the schemas. */
export const MIGRATION_DATABASE_URL: SecretEntry = {
  variable: 'DATABASE_URL',
  key: 'database-url-migrate',
  envName: 'DATABASE_URL_MIGRATE',
  optional: false,
  fallbackEnvName: 'DATABASE_URL',
};

/** Anything with the variables a service reads (a zod object schema: its shape's keys). */
export type ConfigSchema = z.ZodType & { shape: Record<string, unknown> };

/** A service's secrets: the secret variables its config schema reads, and only those. */
export function secretsOf(service: DeployedService, schema: ConfigSchema): SecretEntry[] {
  const reads = new Set(Object.keys(schema.shape));
  return SECRET_VARIABLES.filter((v) => reads.has(v)).map((variable) => ({
    variable,
    key: secretKeyOf(variable, service),
    envName: envNameOf(variable, service),
    optional: OPTIONAL_VARIABLES.has(variable),
    ...(variable === 'DATABASE_URL' ? { fallbackEnvName: 'DATABASE_URL' } : {}),
  }));
}

/** The NATS server's secrets: the public nkey of every bus user (it is given no seed). */
export function natsServerSecrets(): SecretEntry[] {
  return BUS_USERS.map(nkeyEntryOf);
}

function nkeyEntryOf(user: BusUser): SecretEntry {
  return {
    variable: nkeyVariableOf(user),
    key: `nats-nkey-${user}`,
    envName: nkeyVariableOf(user),
    optional: false,
  };
}

/** Where the secrets come from: a Secret's keys, or a .env file's names. */
export interface SecretSource {
  /** What the problems call an entry: "Secret key key-pepper", ".env KEY_PEPPER". */
  describe(entry: SecretEntry): string;
  valueOf(entry: SecretEntry): string | undefined;
}

export function kubernetesSecretSource(data: Record<string, string>): SecretSource {
  return { describe: (e) => `Secret key ${e.key}`, valueOf: (e) => data[e.key] };
}

export function envFileSource(env: Record<string, string>): SecretSource {
  return {
    describe: (e) => `.env ${e.envName}${e.fallbackEnvName ? ` (or ${e.fallbackEnvName})` : ''}`,
    valueOf: (e) => {
      const own = env[e.envName];
      return (own === undefined || own === '') && e.fallbackEnvName ? env[e.fallbackEnvName] : own;
    },
  };
}

/** Values left from an example file, which parse but are no one's secret. */
const PLACEHOLDER = /^REPLACE$|change-me|:PASSWORD@HOST[:/]/;

/**
 * Every problem with a deployment's secrets, each naming the key and what needs it (never a
 * value): missing keys, values a service's schema refuses, example placeholders, and pairs that do
 * not match (the gateway's principal key and the backends' public keys, identity's bus keys and
 * their verifiers, each nkey seed and the NATS server's public key).
 */
export function secretProblems(
  schemas: Record<DeployedService, ConfigSchema>,
  source: SecretSource,
): string[] {
  const problems = new Set<string>();
  const users = new Map<string, DeployedService[]>();
  const parsed = {} as Record<DeployedService, Record<string, unknown> | undefined>;
  for (const service of DEPLOYED_SERVICES) {
    const env: Record<string, string> = {};
    const entries = secretsOf(service, schemas[service]);
    for (const entry of entries) {
      const where = source.describe(entry);
      users.set(where, [...(users.get(where) ?? []), service]);
      const value = source.valueOf(entry);
      if (value === undefined) continue;
      env[entry.variable] = value;
      if (PLACEHOLDER.test(value)) problems.add(`${where}: is a placeholder from an example file`);
    }
    for (const entry of entries)
      if (!entry.optional && source.valueOf(entry) === undefined)
        problems.add(`${source.describe(entry)}: missing (${entry.variable} of ${service})`);
    const result = schemas[service].safeParse(env);
    if (result.success) {
      parsed[service] = result.data as Record<string, unknown>;
      continue;
    }
    for (const issue of result.error.issues) {
      const entry = entries.find((e) => e.variable === String(issue.path[0]));
      // Only secrets are checked here; the other variables have defaults or come from the ConfigMap.
      if (!entry || (source.valueOf(entry) === undefined && !entry.optional)) continue;
      problems.add(`${source.describe(entry)}: ${entry.variable} of ${service} ${issue.message}`);
    }
  }
  const migration = source.valueOf(MIGRATION_DATABASE_URL);
  if (migration === undefined || migration === '')
    problems.add(`${source.describe(MIGRATION_DATABASE_URL)}: missing (DATABASE_URL of the migration)`);
  else if (PLACEHOLDER.test(migration))
    problems.add(`${source.describe(MIGRATION_DATABASE_URL)}: is a placeholder from an example file`);
  else if (!/^postgres(ql)?:\/\//.test(migration))
    problems.add(
      `${source.describe(MIGRATION_DATABASE_URL)}: DATABASE_URL of the migration is not a postgres:// URL`,
    );
  for (const entry of natsServerSecrets()) {
    if (source.valueOf(entry) === undefined)
      problems.add(`${source.describe(entry)}: missing (${entry.variable} of the NATS server)`);
  }
  for (const p of pairProblems(parsed, source)) problems.add(p);
  return [...problems];
}

type Jwk = { kid?: string; x?: string; d?: string; kty?: string; crv?: string };

/** Whether `signer` signs what one of `verifiers` (chosen by kid, as the services do) accepts. */
function verifiedBy(signer: BusKeyRing, verifiers: BusKeyRing): boolean {
  if (!signer.signer) return false;
  const key = verifiers.verifiers.get(signer.signer.kid);
  if (!key || typeof key === 'string' || Buffer.isBuffer(key)) return false;
  const probe = Buffer.from('latchkey pre-flight');
  return verify(null, probe, key, sign(null, probe, signer.signer.key as Parameters<typeof sign>[2]));
}

function pairProblems(
  parsed: Record<DeployedService, Record<string, unknown> | undefined>,
  source: SecretSource,
): string[] {
  const problems: string[] = [];
  const describe = (service: DeployedService, variable: string) =>
    source.describe({
      variable,
      key: secretKeyOf(variable, service),
      envName: envNameOf(variable, service),
      optional: false,
    });
  // Keys without a kid are the gateway's default ('' here, in both rings alike).
  const principal = parsed.gateway?.['PRINCIPAL_SIGNING_KEY'] as Jwk | undefined;
  if (principal) {
    const signer = ed25519SigningRing([principal], '');
    for (const backend of ['identity', 'data-api', 'audit'] as const) {
      const config = parsed[backend];
      if (!config) continue;
      const keys = (config['PRINCIPAL_PUBLIC_KEYS'] ?? [config['PRINCIPAL_PUBLIC_KEY']]) as Jwk[];
      const variable = config['PRINCIPAL_PUBLIC_KEYS'] ? 'PRINCIPAL_PUBLIC_KEYS' : 'PRINCIPAL_PUBLIC_KEY';
      if (!verifiedBy(signer, ed25519VerifyRing(keys.filter(Boolean), '')))
        problems.push(
          `${describe(backend, variable)}: does not verify ${describe('gateway', 'PRINCIPAL_SIGNING_KEY')} ` +
            `(kid ${principal.kid ?? '(none)'}): ${backend} would refuse every request the gateway forwards`,
        );
    }
  }
  const bus = parsed.identity?.['BUS_SIGNING_KEYS'] as Jwk[] | undefined;
  if (bus) {
    const signer = ed25519SigningRing(bus);
    for (const receiver of ['gateway', 'data-api', 'audit'] as const) {
      const keys = parsed[receiver]?.['BUS_PUBLIC_KEYS'] as Jwk[] | undefined;
      if (keys && !verifiedBy(signer, ed25519VerifyRing(keys)))
        problems.push(
          `${describe(receiver, 'BUS_PUBLIC_KEYS')}: does not verify the first of ` +
            `${describe('identity', 'BUS_SIGNING_KEYS')} (kid ${bus[0]?.kid}): ${receiver} would refuse identity's replies`,
        );
    }
  }
  for (const user of BUS_USERS) {
    const publicEntry = nkeyEntryOf(user);
    const expected = source.valueOf(publicEntry);
    const seedEntry: SecretEntry =
      user === 'operator'
        ? {
            variable: seedVariableOf(user),
            key: 'nats-seed-operator',
            envName: seedVariableOf(user),
            optional: true,
          }
        : {
            variable: 'NATS_NKEY_SEED',
            key: `nats-seed-${user}`,
            envName: seedVariableOf(user),
            optional: false,
          };
    const seed = source.valueOf(seedEntry);
    if (seed === undefined || expected === undefined) continue;
    let actual: string | undefined;
    try {
      actual = publicKeyOfSeed(seed);
    } catch {
      if (user === 'operator')
        problems.push(`${source.describe(seedEntry)}: not a NATS user nkey seed (SU…)`);
      continue;
    }
    if (actual !== expected)
      problems.push(
        `${source.describe(publicEntry)}: is not the public key of ${source.describe(seedEntry)}: ` +
          `NATS would refuse ${user}`,
      );
  }
  return problems;
}

/** Registries that resolve to no one's image: reserved domains, local-only names. */
const RESERVED_HOST = /(^|\.)(example\.(com|org|net)|example|invalid|test|localhost|local)$/;

/**
 * Problems with the images a production overlay runs: each must come from a registry host (a bare
 * `latchkey/gateway` is Docker Hub's, and not ours), not a reserved or local one, and be pinned by
 * digest (a tag can be moved), not the all-zero placeholder.
 */
export function imageProblems(images: readonly string[]): string[] {
  const problems: string[] = [];
  for (const image of new Set(images)) {
    const [name, digest] = image.split('@') as [string, string | undefined];
    const first = name.split('/')[0] ?? '';
    const host =
      name.includes('/') && /[.:]|^localhost$/.test(first) ? first.replace(/:\d+$/, '') : undefined;
    if (!host) problems.push(`image ${image}: no registry host (it would be pulled from Docker Hub)`);
    else if (RESERVED_HOST.test(host))
      problems.push(
        `image ${image}: placeholder registry ${host} (run npm run images -- --registry … --push)`,
      );
    if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest))
      problems.push(`image ${image}: not pinned by digest`);
    else if (/^sha256:0{64}$/.test(digest)) problems.push(`image ${image}: placeholder digest`);
  }
  return problems;
}
