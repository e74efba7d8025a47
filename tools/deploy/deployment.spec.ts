import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { auditConfigSchema } from '../../apps/audit/src/config/audit-config';
import { dataApiConfigSchema } from '../../apps/data-api/src/config/data-api-config';
import { gatewayConfigSchema } from '../../apps/gateway/src/config/gateway-config';
import { identityConfigSchema } from '../../apps/identity/src/config/identity-config';

const ROOT = join(__dirname, '../..');
const APPS: Record<string, z.ZodObject> = {
  identity: identityConfigSchema,
  gateway: gatewayConfigSchema,
  'data-api': dataApiConfigSchema,
  audit: auditConfigSchema,
};
const SECRET_NAME = /PEPPER|KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/;

interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown; configMapKeyRef?: unknown } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
}
interface Resource {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: unknown;
  stringData?: unknown;
}

function render(overlay: string): Resource[] {
  const text = execFileSync('kubectl', ['kustomize', join(ROOT, 'k8s/overlays', overlay)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(text).map((d) => d.toJSON() as Resource);
}

/** The pod spec of any workload kind. */
function podSpecOf(
  r: Resource,
):
  | {
      containers: Container[];
      automountServiceAccountToken?: boolean;
      securityContext?: Record<string, unknown>;
    }
  | undefined {
  const template = (r.spec?.['template'] ??
    (r.spec?.['jobTemplate'] as Record<string, { template?: unknown }> | undefined)?.['spec']?.template) as
    { spec: never } | undefined;
  return template?.spec;
}

/** Required variables of a config schema: those whose absence it reports. */
function requiredVariables(schema: z.ZodObject): string[] {
  const result = schema.safeParse({});
  return result.success ? [] : [...new Set(result.error.issues.map((i) => String(i.path[0])))];
}

describe.each(['dev', 'prod'])('kubernetes overlay %s', (overlay) => {
  const resources = render(overlay);
  const workloads = resources.filter((r) => ['Deployment', 'StatefulSet', 'Job'].includes(r.kind));

  it('renders the four services, their Services and the migration Job', () => {
    for (const app of Object.keys(APPS)) {
      expect(resources.some((r) => r.kind === 'Deployment' && r.metadata.name === app)).toBe(true);
      expect(resources.some((r) => r.kind === 'Service' && r.metadata.name === app)).toBe(true);
    }
    expect(resources.some((r) => r.kind === 'Job')).toBe(true);
  });

  it.each(workloads.map((w) => [`${w.kind}/${w.metadata.name}`, w] as const))(
    '%s is hardened',
    (_name, workload) => {
      const pod = podSpecOf(workload);
      expect(pod).toBeDefined();
      expect(pod!.automountServiceAccountToken).toBe(false);
      for (const c of pod!.containers) {
        expect({
          container: c.name,
          requests: c.resources?.requests,
          limits: c.resources?.limits,
        }).toMatchObject({
          requests: { cpu: expect.any(String), memory: expect.any(String) },
          limits: { cpu: expect.any(String), memory: expect.any(String) },
        });
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        if (workload.kind !== 'Job') {
          expect({ container: c.name, liveness: !!c.livenessProbe, readiness: !!c.readinessProbe }).toEqual({
            container: c.name,
            liveness: true,
            readiness: true,
          });
        }
        for (const variable of c.env ?? []) {
          if (SECRET_NAME.test(variable.name) && variable.name !== 'PRINCIPAL_PUBLIC_KEY') {
            expect({ variable: variable.name, inline: variable.value !== undefined }).toEqual({
              variable: variable.name,
              inline: false,
            });
            expect(variable.valueFrom?.secretKeyRef).toBeDefined();
          }
        }
        if (overlay === 'prod') expect(c.image).not.toMatch(/:latest$|^[^:]+$/);
      }
      expect(pod!.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
    },
  );

  it('commits no secret values', () => {
    for (const r of resources.filter((r) => r.kind === 'Secret'))
      expect({ name: r.metadata.name, data: r.data ?? r.stringData }).toEqual({
        name: r.metadata.name,
        data: undefined,
      });
  });

  it('gives every app container every variable its config schema requires', () => {
    const configMap = resources.find(
      (r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('latchkey-config'),
    );
    const shared = Object.keys((configMap?.data ?? {}) as Record<string, string>);
    for (const [app, schema] of Object.entries(APPS)) {
      const deployment = resources.find((r) => r.kind === 'Deployment' && r.metadata.name === app)!;
      const container = podSpecOf(deployment)!.containers[0]!;
      const provided = new Set([...shared, ...(container.env ?? []).map((e) => e.name)]);
      expect({ app, missing: requiredVariables(schema).filter((v) => !provided.has(v)) }).toEqual({
        app,
        missing: [],
      });
    }
  });
});

describe('kubernetes prod overlay', () => {
  const resources = render('prod');
  it('runs at least 3 gateway replicas with an autoscaler, disruption budgets and spread', () => {
    const gateway = resources.find((r) => r.kind === 'Deployment' && r.metadata.name === 'gateway')!;
    expect(gateway.spec?.['replicas']).toBeGreaterThanOrEqual(3);
    expect(
      (gateway.spec?.['template'] as { spec: { topologySpreadConstraints?: unknown[] } }).spec
        .topologySpreadConstraints?.length,
    ).toBeGreaterThan(0);
    const hpa = resources.find((r) => r.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { name: 'gateway' }, minReplicas: 3 });
    const budgets = resources.filter((r) => r.kind === 'PodDisruptionBudget').map((r) => r.metadata.name);
    expect(budgets).toEqual(expect.arrayContaining(['gateway', 'identity', 'data-api', 'audit', 'nats']));
  });

  it('isolates the network: default deny, only the gateway public, only the gateway reaches the backends', () => {
    const policies = resources.filter((r) => r.kind === 'NetworkPolicy');
    const byName = Object.fromEntries(
      policies.map((p) => [p.metadata.name, p.spec as Record<string, unknown>]),
    );
    expect(byName['default-deny']).toMatchObject({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(byName['backends-from-gateway']).toMatchObject({
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }] }],
    });
    expect(byName['nats-from-services']).toBeDefined();
  });

  it('runs NATS as a 3-node JetStream cluster with file storage', () => {
    const nats = resources.find((r) => r.kind === 'StatefulSet' && r.metadata.name === 'nats')!;
    expect(nats.spec?.['replicas']).toBe(3);
    expect(nats.spec?.['volumeClaimTemplates']).toHaveLength(1);
    const config = resources.find(
      (r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('nats-config'),
    )!;
    expect(JSON.stringify(config.data)).toMatch(/jetstream[\s\S]*store_dir[\s\S]*cluster[\s\S]*routes/);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        healthcheck?: unknown;
        restart?: string;
        environment?: Record<string, string>;
        env_file?: string;
        depends_on?: Record<string, { condition: string }>;
      }
    >;
  };
  const example = Object.fromEntries(
    readFileSync(join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), true]),
  );

  it('gives every service a healthcheck, or makes it a one-shot the others wait for', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.healthcheck) continue;
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'no' });
      const waiters = Object.values(compose.services).filter(
        (s) => s.depends_on?.[name]?.condition === 'service_completed_successfully',
      );
      expect(waiters.length).toBeGreaterThan(0);
    }
  });

  it.each(Object.keys(APPS))('%s gets every variable its config schema requires', (app) => {
    const service = compose.services[app]!;
    expect(service.env_file).toBe('.env');
    const provided = new Set([...Object.keys(example), ...Object.keys(service.environment ?? {})]);
    expect(requiredVariables(APPS[app]!).filter((v) => !provided.has(v))).toEqual([]);
  });

  it('publishes only the gateway', () => {
    const published = Object.entries(compose.services)
      .filter(([, s]) => (s as { ports?: unknown }).ports)
      .map(([n]) => n);
    expect(published).toEqual(['gateway']);
  });
});
