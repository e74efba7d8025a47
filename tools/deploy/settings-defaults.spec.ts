/**
 * One default per setting: a value the code defaults is written nowhere else with another value.
 * .env.example, k8s/base/config.env and docker-compose.yml may restate a default (to show the knob),
 * but only with the code's value; a value that must differ by deployment (an address, a port, a
 * deadline tied to the platform's grace period) is listed below with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { fieldsOf, settingDefault } from '@latchkey/runtime';
import { CONFIG_SCHEMAS } from '../config-schemas';

const ROOT = join(__dirname, '../..');

/** Settings whose value belongs to the deployment, not to the code: where they differ, and why. */
const DEPLOYMENT_SPECIFIC: Record<string, string> = {
  HOST: 'the container listens on every address; a developer machine on loopback',
  OPS_HOST: 'the kubelet and Prometheus reach the ops port on the pod address',
  PORT: 'each service its own port',
  OPS_PORT: 'each service its own ops port',
  DATABASE_URL: 'the deployment’s PostgreSQL',
  DATABASE_SCHEMA: 'each service its own schema',
  NATS_URL: 'the deployment’s NATS',
  IDENTITY_URL: 'service names of the deployment',
  DATA_API_URL: 'service names of the deployment',
  AUDIT_URL: 'service names of the deployment',
  SHUTDOWN_TIMEOUT_MS: 'below the platform’s grace period minus the preStop drain (Kubernetes 30 s − 5 s)',
  TRUSTED_PROXIES: 'the deployment’s ingress or load balancer',
};

type Field = z.ZodType;

/** What `value` means to `service` for `name` (as parsed), or the parse error. */
function meaning(field: Field, value: string | undefined): { ok: boolean; value?: unknown } {
  const result = field.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false };
}

/** Every place a setting's value is written outside the code: `file: NAME=value`. */
function writtenValues(): { where: string; name: string; value: string }[] {
  const found: { where: string; name: string; value: string }[] = [];
  const envFile = (path: string) => {
    for (const line of readFileSync(join(ROOT, path), 'utf8').split('\n')) {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
      if (match && match[2] !== '') found.push({ where: path, name: match[1]!, value: match[2]! });
    }
  };
  envFile('.env.example');
  envFile('k8s/base/config.env');
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, unknown> | string[] }>;
  };
  for (const [service, definition] of Object.entries(compose.services)) {
    const environment = definition.environment ?? {};
    const entries = Array.isArray(environment)
      ? environment.map((item) => item.split('=') as [string, string])
      : Object.entries(environment)
          // `NAME:` without a value passes .env's NAME (checked there), or leaves it unset.
          .filter(([, value]) => value !== null)
          .map(([name, value]) => [name, String(value)] as [string, string]);
    for (const [name, value] of entries) {
      // Interpolated from .env (checked there), not a value of its own.
      if (value.includes('${')) continue;
      found.push({ where: `docker-compose.yml (${service})`, name, value });
    }
  }
  return found;
}

/** The default each setting has in code, and the services that declare it. */
function codeDefaults(): Map<string, { value: unknown; services: string[]; field: Field }[]> {
  const defaults = new Map<string, { value: unknown; services: string[]; field: Field }[]>();
  for (const [service, schema] of Object.entries(CONFIG_SCHEMAS)) {
    for (const [name, field] of Object.entries(fieldsOf(schema))) {
      const parsed = settingDefault(field);
      if (parsed.kind !== 'default') continue;
      const known = defaults.get(name) ?? [];
      const same = known.find((entry) => JSON.stringify(entry.value) === JSON.stringify(parsed.value));
      if (same) same.services.push(service);
      else known.push({ value: parsed.value, services: [service], field });
      defaults.set(name, known);
    }
  }
  return defaults;
}

describe('one default per setting', () => {
  const defaults = codeDefaults();

  it('every service that defaults a setting defaults it to the same value', () => {
    const split = [...defaults.entries()]
      .filter(([name, values]) => values.length > 1 && !(name in DEPLOYMENT_SPECIFIC))
      .map(
        ([name, values]) =>
          `${name}: ${values.map((v) => `${v.services.join('+')}=${JSON.stringify(v.value)}`).join(', ')}`,
      );
    expect(split).toEqual([]);
  });

  it('.env.example, k8s/base/config.env and docker-compose.yml restate a default only with its value', () => {
    const problems: string[] = [];
    for (const { where, name, value } of writtenValues()) {
      if (name in DEPLOYMENT_SPECIFIC) continue;
      const known = defaults.get(name);
      if (!known) continue;
      const { field, value: expected } = known[0]!;
      const written = meaning(field, value);
      if (!written.ok || JSON.stringify(written.value) !== JSON.stringify(expected))
        problems.push(`${where}: ${name}=${value}, but the code's default is ${JSON.stringify(expected)}`);
    }
    expect(problems).toEqual([]);
  });
});
