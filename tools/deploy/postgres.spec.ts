/**
 * PostgreSQL wiring of the manifests and compose (docs/operations.md "PostgreSQL roles"): each
 * workload connects with its own Secret key (its own role: npm run db:roles), and in production
 * every container that talks to PostgreSQL has the CA bundle its URL names for sslmode=verify-full.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderOverlay } from './manifests';

const ROOT = join(__dirname, '../..');
const CA_DIR = '/etc/latchkey/postgres-ca';
const CA_FILE = `${CA_DIR}/ca.crt`;

interface Container {
  name: string;
  command?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; configMap?: { name: string; optional?: boolean } }[];
}
interface Resource {
  kind: string;
  metadata: { name: string };
  spec?: { template?: { spec: PodSpec } };
  stringData?: Record<string, string>;
}

const render = (overlay: string): Resource[] => renderOverlay<Resource>(overlay);

/** Every container with a DATABASE_URL, named by its workload. */
function databaseClients(rs: Resource[]): { id: string; container: Container; pod: PodSpec }[] {
  return rs.flatMap((r) => {
    const pod = r.spec?.template?.spec;
    if (!pod) return [];
    return [...(pod.initContainers ?? []), ...pod.containers]
      .filter((c) => c.env?.some((e) => e.name === 'DATABASE_URL'))
      .map((container) => ({ id: `${r.kind}/${r.metadata.name}/${container.name}`, container, pod }));
  });
}

/** The Secret key a container must read: the migrator's for a migration, else its service's own. */
function ownKey(c: Container): string {
  const migrates = c.name === 'migrate' || (c.command ?? []).some((a) => a.includes('migrate'));
  return migrates ? 'database-url-migrate' : `database-url-${c.name}`;
}

function keyProblems(rs: Resource[]): string[] {
  return databaseClients(rs).flatMap(({ id, container }) => {
    const ref = container.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
    return ref?.name === 'latchkey-secrets' && ref.key === ownKey(container)
      ? []
      : [
          `${id}: DATABASE_URL is ${ref ? `${ref.name}/${ref.key}` : 'not from the Secret'}, not ${ownKey(container)}`,
        ];
  });
}

function caProblems(rs: Resource[]): string[] {
  return databaseClients(rs).flatMap(({ id, container, pod }) => {
    const mount = container.volumeMounts?.find((m) => m.mountPath === CA_DIR);
    const volume = pod.volumes?.find((v) => v.name === mount?.name);
    if (!mount) return [`${id}: no CA bundle at ${CA_DIR}`];
    if (volume?.configMap?.name !== 'postgres-ca' || volume.configMap.optional !== false)
      return [`${id}: ${CA_DIR} is not the ConfigMap postgres-ca (optional: false)`];
    return mount.readOnly ? [] : [`${id}: ${CA_DIR} is writable`];
  });
}

describe('PostgreSQL wiring', () => {
  const overlays = { dev: render('dev'), prod: render('prod') };

  it.each(['dev', 'prod'] as const)(
    '%s: every workload connects with its own Secret key (its own role)',
    (overlay) => {
      const clients = databaseClients(overlays[overlay]);
      expect(clients.map((c) => c.container.name).sort()).toEqual(
        expect.arrayContaining(['audit', 'data-api', 'identity', 'migrate']),
      );
      expect(keyProblems(overlays[overlay])).toEqual([]);
    },
  );

  it('prod: every container that talks to PostgreSQL has the CA bundle its URL names', () => {
    expect(caProblems(overlays.prod)).toEqual([]);
    expect(overlays.prod.some((r) => r.kind === 'ConfigMap' && r.metadata.name === 'postgres-ca')).toBe(
      false,
    );
  });

  it('the checks catch a shared key and a missing bundle', () => {
    const shared = structuredClone(overlays.prod);
    const identity = databaseClients(shared).find((c) => c.container.name === 'identity')!.container;
    identity.env!.find((e) => e.name === 'DATABASE_URL')!.valueFrom!.secretKeyRef!.key =
      'database-url-migrate';
    identity.volumeMounts = identity.volumeMounts!.filter((m) => m.mountPath !== CA_DIR);
    expect(keyProblems(shared)).toEqual([
      expect.stringMatching(/identity: DATABASE_URL is latchkey-secrets\/database-url-migrate/),
    ]);
    expect(caProblems(shared)).toEqual([expect.stringMatching(/identity: no CA bundle/)]);
  });

  it('the Secret example documents verify-full with the mounted bundle for each key', () => {
    const example = parse(readFileSync(join(ROOT, 'k8s/secret.example.yaml'), 'utf8')) as Resource;
    const urls = Object.entries(example.stringData ?? {}).filter(([k]) => k.startsWith('database-url'));
    expect(urls.map(([k]) => k).sort()).toEqual([
      'database-url-audit',
      'database-url-data-api',
      'database-url-identity',
      'database-url-migrate',
    ]);
    for (const [, url] of urls) expect(url).toContain(`sslmode=verify-full&sslrootcert=${CA_FILE}`);
  });

  it("compose: each service's DATABASE_URL is its own variable, falling back to the shared one", () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const expected: Record<string, string> = {
      migrate: 'MIGRATE',
      identity: 'IDENTITY',
      'data-api': 'DATA_API',
      audit: 'AUDIT',
    };
    for (const [service, variable] of Object.entries(expected))
      expect({ service, url: compose.services[service]?.environment?.['DATABASE_URL'] }).toEqual({
        service,
        url: `\${DATABASE_URL_${variable}:-\${DATABASE_URL:?set DATABASE_URL in .env (see .env.example)}}`,
      });
  });
});
