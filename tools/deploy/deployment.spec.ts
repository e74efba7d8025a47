/**
 * Deployment invariants: renders every kustomize overlay with `kubectl kustomize`, parses
 * docker-compose.yml, .env.example and the Dockerfile, and checks what operations rely on.
 *
 * Every check is a function that returns a list of problems (empty = fine), so a failure names the
 * workload, container and rule. The last block applies known-bad mutations (a removed probe, an
 * inline secret, an unpinned image, …) to the rendered output and asserts each check reports them:
 * the checks can fail, and fail for the right reason.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { auditConfigSchema } from '../../apps/audit/src/config/audit-config';
import { dataApiConfigSchema } from '../../apps/data-api/src/config/data-api-config';
import { gatewayConfigSchema } from '../../apps/gateway/src/config';
import { identityConfigSchema } from '../../apps/identity/src/config/identity-config';
import { isIpOrCidr } from '../../libs/auth-core/src/ip-allow-list';
import { outboxRetryHorizonMs } from '../../libs/messaging/src/outbox/outbox-relay';
import { parseBytes, parseDuration } from '../../libs/runtime/src/config';
import { generateDeploymentSecrets } from '../../libs/runtime/src/secrets';
import { renderOverlay, selects, type LabelSelector } from './manifests';
import {
  imageProblems as preflightImageProblems,
  natsServerSecrets,
  SECRET_VARIABLES,
  secretsOf,
} from '../../libs/runtime/src/deployment-secrets';
import {
  BUS_USERS,
  DEFAULT_BUS_LAYOUT,
  nkeyVariableOf,
  nkeyVariables,
  renderNatsAuthorization,
  type BusUser,
} from '../../libs/contracts/src/bus-permissions';

const ROOT = join(__dirname, '../..');
const OVERLAYS = ['dev', 'prod'] as const;
type Overlay = (typeof OVERLAYS)[number];

const APPS = {
  identity: identityConfigSchema,
  gateway: gatewayConfigSchema,
  'data-api': dataApiConfigSchema,
  audit: auditConfigSchema,
} as const;
type App = keyof typeof APPS;
const APP_NAMES = Object.keys(APPS) as App[];
const APP_PORTS: Record<App, number> = { gateway: 8080, identity: 8081, 'data-api': 8082, audit: 8083 };
/** /healthz, /readyz, /metrics: only here, never on the API port (APP_PORTS). */
const OPS_PORTS: Record<App, number> = { gateway: 9090, identity: 9091, 'data-api': 9092, audit: 9093 };
const BACKENDS: App[] = ['identity', 'data-api', 'audit'];
/** How the migration Job and compose's one-shot apply the migrations: the latchkey CLI in the image. */
const MIGRATE_COMMAND = 'node apps/cli/dist/main.js migrate';

/** Names that may hold a secret: they must come from a Secret, never be written inline. */
const SECRET_NAME = /PEPPER|KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/;
/** Names that match SECRET_NAME but are tuning values, not secrets. */
const TUNING = new Set([
  'KEY_CACHE_TTL_MS',
  'KEY_CACHE_MAX_STALE_MS',
  'KEY_LOOKUP_TIMEOUT_MS',
  'ACCESS_TOKEN_TTL_SECONDS',
]);
/** Public, but it decides whom the backends trust: from a Secret or ConfigMap reference. */
const PUBLIC_KEY = 'PRINCIPAL_PUBLIC_KEY';
/** Values that are secrets whatever their name: a private JWK, a URL with a password, an API key. */
const SECRET_VALUE = /"d"\s*:|:\/\/[^/\s:@]+:[^/\s@]+@|lk_(live|test)_[A-Za-z0-9]{20,}/;
const isSecretName = (name: string) => SECRET_NAME.test(name) && !TUNING.has(name);

// ---------------------------------------------------------------------------------------------
// Kubernetes shapes (only what the checks read)
// ---------------------------------------------------------------------------------------------
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: unknown;
  };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: unknown;
  tcpSocket?: unknown;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds: number } } };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  securityContext?: SecurityContext;
  terminationGracePeriodSeconds?: number;
  topologySpreadConstraints?: {
    maxSkew?: number;
    topologyKey?: string;
    whenUnsatisfiable?: string;
  }[];
  volumes?: {
    name: string;
    configMap?: { name: string };
    projected?: { sources: { configMap?: { name: string } }[] };
  }[];
}
interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}
interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  automountServiceAccountToken?: boolean;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    serviceName?: string;
    clusterIP?: string;
    /** Service ports. */
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    /** ServiceMonitor (monitoring.coreos.com). */
    endpoints?: { port?: string; path?: string }[];
    selector?: LabelSelector & Record<string, unknown>;
    minReplicas?: number;
    scaleTargetRef?: { kind: string; name: string };
    maxUnavailable?: number | string;
    minAvailable?: number | string;
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
    volumeClaimTemplates?: unknown[];
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: PolicyPeer[]; ports?: { port: number | string; protocol?: string }[] }[];
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: PodSpec;
    };
  };
}

const render = (overlay: Overlay): Resource[] => renderOverlay<Resource>(overlay);

const clone = <T>(value: T): T => structuredClone(value);
const find = (rs: Resource[], kind: string, name: string) =>
  rs.find((r) => r.kind === kind && r.metadata.name === name);
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];
const workloadsOf = (rs: Resource[]) => rs.filter((r) => WORKLOAD_KINDS.includes(r.kind));
const podOf = (r: Resource): PodSpec | undefined => r.spec?.template?.spec;
const containersOf = (pod: PodSpec) => [...(pod.initContainers ?? []), ...pod.containers];
const isLatchkeyImage = (image: string) => /^([^/]+\/)*latchkey\/|^latchkey\.local\//.test(image);

/** The tag (or digest) of an image reference; undefined when it has neither. */
function imageVersion(image: string): string | undefined {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon >= 0 ? last.slice(colon + 1) : undefined;
}

/** Required variables of a config schema: those whose absence it reports when given nothing. */
function requiredVariables(schema: z.ZodType): string[] {
  const result = schema.safeParse({});
  return result.success ? [] : [...new Set(result.error.issues.map((i) => String(i.path[0])))];
}

/** Stand-ins for secret values, so complete environments can be parsed with the app schemas. */
const GENERATED = generateDeploymentSecrets();
const SAMPLE_SECRETS: Record<string, string> = {
  ...GENERATED,
  DATABASE_URL: 'postgres://latchkey:sample@postgres:5432/latchkey',
  POSTGRES_PASSWORD: 'sample',
  NATS_NKEY_SEED: GENERATED['NATS_SEED_GATEWAY']!,
};

function schemaProblems(app: App, env: Record<string, string | undefined>, where: string): string[] {
  const problems = requiredVariables(APPS[app])
    .filter((v) => env[v] === undefined)
    .map((v) => `${where}: required ${v} is not provided`);
  const complete = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v === undefined || v === '' || /^\$\{[A-Z_]+/.test(v) ? (SAMPLE_SECRETS[k] ?? v) : v,
    ]),
  );
  const parsed = APPS[app].safeParse(complete);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      if (complete[String(issue.path[0])] !== undefined)
        problems.push(`${where}: ${issue.path.join('.')} is invalid (${issue.message})`);
      // One of two variables (KEY_PEPPER or KEY_PEPPERS): required, though neither is alone.
      else if (issue.message.startsWith('required'))
        problems.push(`${where}: required ${issue.path.join('.')} is not provided`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes checks
// ---------------------------------------------------------------------------------------------

/** Probes, resources, security context, service account token, env secrets: every workload. */
function workloadProblems(rs: Resource[], overlay: Overlay): string[] {
  const problems: string[] = [];
  const serviceAccounts = new Map(
    rs.filter((r) => r.kind === 'ServiceAccount').map((r) => [r.metadata.name, r]),
  );
  for (const w of workloadsOf(rs)) {
    const id = `${w.kind}/${w.metadata.name}`;
    const pod = podOf(w);
    if (!pod) {
      problems.push(`${id}: no pod template`);
      continue;
    }
    if (pod.automountServiceAccountToken !== false)
      problems.push(`${id}: automountServiceAccountToken is not false`);
    if (pod.serviceAccountName) {
      const sa = serviceAccounts.get(pod.serviceAccountName);
      if (!sa) problems.push(`${id}: ServiceAccount ${pod.serviceAccountName} is not rendered`);
      else if (sa.automountServiceAccountToken !== false)
        problems.push(`${id}: ServiceAccount ${pod.serviceAccountName} mounts its token`);
    }
    for (const c of containersOf(pod)) {
      const cid = `${id} container ${c.name}`;
      const sc = { ...pod.securityContext, ...c.securityContext };
      if (sc.runAsNonRoot !== true) problems.push(`${cid}: runAsNonRoot is not true`);
      if (isLatchkeyImage(c.image) && sc.runAsUser !== 1000) problems.push(`${cid}: runAsUser is not 1000`);
      if (sc.runAsUser === 0) problems.push(`${cid}: runs as root`);
      if (sc.seccompProfile?.type !== 'RuntimeDefault')
        problems.push(`${cid}: seccompProfile is not RuntimeDefault`);
      if (c.securityContext?.allowPrivilegeEscalation !== false)
        problems.push(`${cid}: allowPrivilegeEscalation is not false`);
      if (c.securityContext?.readOnlyRootFilesystem !== true)
        problems.push(`${cid}: readOnlyRootFilesystem is not true`);
      if (c.securityContext?.privileged) problems.push(`${cid}: privileged`);
      if (!c.securityContext?.capabilities?.drop?.includes('ALL'))
        problems.push(`${cid}: capabilities do not drop ALL`);
      if (c.securityContext?.capabilities?.add?.length) problems.push(`${cid}: adds capabilities`);
      for (const kind of ['requests', 'limits'] as const)
        for (const resource of ['cpu', 'memory'])
          if (!c.resources?.[kind]?.[resource]) problems.push(`${cid}: no resources.${kind}.${resource}`);
      if (w.kind !== 'Job' && !pod.initContainers?.includes(c)) {
        if (!c.livenessProbe) problems.push(`${cid}: no livenessProbe`);
        if (!c.readinessProbe) problems.push(`${cid}: no readinessProbe`);
      }
      if (overlay === 'prod') {
        const version = imageVersion(c.image);
        if (!version || version === 'latest') problems.push(`${cid}: image ${c.image} is not pinned`);
      }
      for (const v of c.env ?? []) {
        const ref = v.valueFrom;
        if (v.value !== undefined && SECRET_VALUE.test(v.value))
          problems.push(`${cid}: env ${v.name} has a secret-looking inline value`);
        if (v.name === PUBLIC_KEY) {
          if (!ref?.secretKeyRef && !ref?.configMapKeyRef)
            problems.push(`${cid}: env ${v.name} must come from a Secret or ConfigMap reference`);
        } else if (isSecretName(v.name) && !ref?.secretKeyRef) {
          problems.push(`${cid}: env ${v.name} must come from a secretKeyRef`);
        }
      }
    }
  }
  return problems;
}

/**
 * The Latchkey services: ports, probes and scraping on the ops port (never the API port, never
 * through the API Service), drain before shutdown.
 */
function serviceProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  const configMap = rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('latchkey-config'));
  const shutdownMs = Number(configMap?.data?.['SHUTDOWN_TIMEOUT_MS'] ?? 10_000);
  for (const app of APP_NAMES) {
    const d = find(rs, 'Deployment', app);
    const svc = find(rs, 'Service', app);
    if (!d) {
      problems.push(`Deployment/${app} is not rendered`);
      continue;
    }
    if (!svc) problems.push(`Service/${app} is not rendered`);
    const pod = podOf(d)!;
    const c = pod.containers.find((x) => x.name === app) ?? pod.containers[0]!;
    const id = `Deployment/${app}`;
    const http = c.ports?.find((p) => p.name === 'http');
    const port = APP_PORTS[app];
    if (http?.containerPort !== port) problems.push(`${id}: containerPort http is not ${port}`);
    const portEnv = c.env?.find((e) => e.name === 'PORT')?.value;
    if (portEnv !== String(port)) problems.push(`${id}: PORT is ${portEnv}, not ${port}`);
    const opsPort = OPS_PORTS[app];
    const ops = c.ports?.find((p) => p.name === 'ops');
    if (ops?.containerPort !== opsPort) problems.push(`${id}: containerPort ops is not ${opsPort}`);
    const opsEnv = c.env?.find((e) => e.name === 'OPS_PORT')?.value;
    if (opsEnv !== String(opsPort)) problems.push(`${id}: OPS_PORT is ${opsEnv}, not ${opsPort}`);
    // Loopback (the default) would hide the ops port from the kubelet's probes and from Prometheus.
    const opsHost = c.env?.find((e) => e.name === 'OPS_HOST')?.value ?? configMap?.data?.['OPS_HOST'];
    if (opsHost !== '0.0.0.0' && opsHost !== '::')
      problems.push(
        `${id}: OPS_HOST is ${opsHost ?? 'unset (loopback)'}, not 0.0.0.0: probes cannot reach it`,
      );
    const onOps = (p?: Probe) => p?.httpGet && (p.httpGet.port === 'ops' || p.httpGet.port === opsPort);
    if (!onOps(c.livenessProbe) || c.livenessProbe?.httpGet?.path !== '/healthz')
      problems.push(`${id}: livenessProbe is not GET /healthz on the ops port`);
    if (!onOps(c.readinessProbe) || c.readinessProbe?.httpGet?.path !== '/readyz')
      problems.push(`${id}: readinessProbe is not GET /readyz on the ops port`);
    if (!onOps(c.startupProbe) || c.startupProbe?.httpGet?.path !== '/healthz')
      problems.push(`${id}: startupProbe is not GET /healthz on the ops port`);
    const annotations = d.spec?.template?.metadata?.annotations ?? {};
    if (
      annotations['prometheus.io/scrape'] !== 'true' ||
      annotations['prometheus.io/port'] !== String(opsPort)
    )
      problems.push(`${id}: no prometheus.io scrape annotations for the ops port ${opsPort}`);
    const podLabels = d.spec?.template?.metadata?.labels ?? {};
    const targetsOps = (s: Resource) =>
      (s.spec?.ports ?? []).some(
        (p) =>
          p.targetPort === 'ops' ||
          p.targetPort === opsPort ||
          (p.targetPort === undefined && p.port === opsPort),
      );
    if (svc && targetsOps(svc))
      problems.push(
        `Service/${app} exposes the ops port (${app === 'gateway' ? 'the public entrance' : 'the API Service'})`,
      );
    const opsService = rs.find(
      (r) =>
        r.kind === 'Service' &&
        r !== svc &&
        selects({ matchLabels: r.spec?.selector as Record<string, string> | undefined }, podLabels) &&
        targetsOps(r),
    );
    if (!opsService) problems.push(`${id}: no Service (${app}-ops) for its ops port`);
    const preStop = c.lifecycle?.preStop;
    const drain =
      preStop?.sleep?.seconds ?? Number(preStop?.exec?.command?.find((x) => /^\d+$/.test(x)) ?? NaN);
    if (!(drain > 0)) problems.push(`${id}: no preStop drain`);
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (drain > 0 && grace <= drain + shutdownMs / 1000)
      problems.push(
        `${id}: terminationGracePeriodSeconds ${grace} ≤ preStop ${drain}s + SHUTDOWN_TIMEOUT_MS`,
      );
    if (!c.envFrom?.some((e) => e.configMapRef?.name === configMap?.metadata.name))
      problems.push(`${id}: does not load the ConfigMap ${configMap?.metadata.name ?? 'latchkey-config'}`);
  }
  const job = rs.find((r) => r.kind === 'Job');
  if (!job) problems.push('no migration Job');
  else {
    const c = podOf(job)!.containers[0]!;
    if (!c.command?.join(' ').includes(MIGRATE_COMMAND))
      problems.push(`the Job does not run ${MIGRATE_COMMAND}`);
    if (job.metadata.labels?.['app.kubernetes.io/component'] !== 'migration')
      problems.push(
        'the Job is not labelled app.kubernetes.io/component=migration (docs/operations.md applies it by label)',
      );
    const sa = find(rs, 'ServiceAccount', podOf(job)!.serviceAccountName ?? '');
    if (sa?.metadata.labels?.['app.kubernetes.io/component'] !== 'migration')
      problems.push("the Job's ServiceAccount is not labelled app.kubernetes.io/component=migration");
  }
  return problems;
}

const secretExample = parse(readFileSync(join(ROOT, 'k8s/secret.example.yaml'), 'utf8')) as Resource;

/** No Secret values in the output; every secret reference points at a key the example documents. */
function secretProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  for (const r of rs.filter((x) => x.kind === 'Secret'))
    if (r.data || r.stringData) problems.push(`Secret/${r.metadata.name} carries values`);
  for (const r of rs.filter((x) => x.kind === 'ConfigMap'))
    for (const [k, v] of Object.entries(r.data ?? {})) {
      if (isSecretName(k) && k !== PUBLIC_KEY)
        problems.push(`ConfigMap/${r.metadata.name}: ${k} is a secret`);
      if (SECRET_VALUE.test(v))
        problems.push(`ConfigMap/${r.metadata.name}: ${k} has a secret-looking value`);
    }
  const documented = new Set(Object.keys(secretExample.stringData ?? {}));
  for (const w of workloadsOf(rs))
    for (const c of containersOf(podOf(w)!))
      for (const v of c.env ?? []) {
        const ref = v.valueFrom?.secretKeyRef;
        if (ref && (ref.name !== 'latchkey-secrets' || !documented.has(ref.key)))
          problems.push(
            `${w.kind}/${w.metadata.name}: ${v.name} refers to ${ref.name}/${ref.key}, not in k8s/secret.example.yaml`,
          );
      }
  return problems;
}

/** A Deployment's environment as its container sees it (a Secret's value as ''). */
function envOf(rs: Resource[], d: Resource, problems: string[] = []): Record<string, string | undefined> {
  const configMaps = new Map(
    rs.filter((r) => r.kind === 'ConfigMap').map((r) => [r.metadata.name, r.data ?? {}]),
  );
  const c = podOf(d)!.containers[0]!;
  const env: Record<string, string | undefined> = {};
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) {
      const data = configMaps.get(from.configMapRef.name);
      if (!data)
        problems.push(`Deployment/${d.metadata.name}: ConfigMap ${from.configMapRef.name} is not rendered`);
      Object.assign(env, data);
    }
  }
  for (const v of c.env ?? []) {
    if (v.value !== undefined) env[v.name] = v.value;
    else if (v.valueFrom?.secretKeyRef) env[v.name] = '';
    else if (v.valueFrom?.configMapKeyRef)
      env[v.name] = configMaps.get(v.valueFrom.configMapKeyRef.name)?.[v.valueFrom.configMapKeyRef.key];
  }
  return env;
}

/** Each service gets every variable its zod schema requires, and the whole environment parses. */
function configProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  for (const app of APP_NAMES) {
    const d = find(rs, 'Deployment', app);
    if (!d) continue;
    const env = envOf(rs, d, problems);
    problems.push(...schemaProblems(app, env, `Deployment/${app}`));
  }
  return problems;
}

const STREAM_VARIABLES = [
  'STREAM_REPLICAS',
  'STREAM_MAX_AGE',
  'STREAM_MAX_BYTES',
  'STREAM_DLQ_MAX_BYTES',
  'STREAM_DUPLICATE_WINDOW',
] as const;

/** NATS's own size notation (`16GB`, binary units) in bytes. */
function natsBytes(text: string | undefined): number {
  const m = /^(\d+)\s*(K|M|G|T)?B?$/i.exec(text ?? '');
  if (!m) return NaN;
  return Number(m[1]) * 1024 ** ' KMGT'.indexOf((m[2] ?? ' ').toUpperCase());
}

/**
 * Production's stream: as many replicas as NATS nodes (3), bounded in age and size within the NATS
 * store, a duplicate window longer than the outbox relay's retry horizon, and the same settings in
 * every service (each applies them at start: two different sets would undo each other).
 */
function streamProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  const settings = APP_NAMES.map((app) => {
    const d = find(rs, 'Deployment', app);
    const env = d ? envOf(rs, d) : {};
    return [app, Object.fromEntries(STREAM_VARIABLES.map((v) => [v, env[v]]))] as const;
  });
  const [, first] = settings[0]!;
  for (const [app, mine] of settings)
    if (JSON.stringify(mine) !== JSON.stringify(first))
      problems.push(`${app}: stream settings differ from ${settings[0]![0]}'s`);
  const nats = find(rs, 'StatefulSet', 'nats');
  const replicas = Number(first['STREAM_REPLICAS']);
  if (replicas !== 3) problems.push(`STREAM_REPLICAS ${first['STREAM_REPLICAS']} (3 in production)`);
  if (replicas > (nats?.spec?.replicas ?? 1))
    problems.push(`STREAM_REPLICAS ${replicas} exceeds the ${nats?.spec?.replicas ?? 1} NATS nodes`);
  const maxAge = parseDuration(first['STREAM_MAX_AGE'] ?? '') ?? 0;
  if (maxAge === 0) problems.push('the stream has no max age (STREAM_MAX_AGE)');
  const maxBytes = parseBytes(first['STREAM_MAX_BYTES'] ?? '') ?? 0;
  const dlqBytes = parseBytes(first['STREAM_DLQ_MAX_BYTES'] ?? '') ?? 0;
  if (maxBytes === 0) problems.push('the stream has no max size (STREAM_MAX_BYTES)');
  if (dlqBytes === 0) problems.push('the dead-letter stream has no max size (STREAM_DLQ_MAX_BYTES)');
  const conf =
    rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('nats-config'))?.data?.[
      'nats.conf'
    ] ?? '';
  const store = natsBytes(/max_file_store:\s*(\S+)/.exec(conf)?.[1]);
  // JetStream reserves each stream's max size in its store: both must fit, or the second is refused.
  if (!(maxBytes + dlqBytes <= store))
    problems.push(`STREAM_MAX_BYTES + STREAM_DLQ_MAX_BYTES exceed NATS max_file_store (${store} bytes)`);
  const window = parseDuration(first['STREAM_DUPLICATE_WINDOW'] ?? '') ?? 0;
  const horizon = outboxRetryHorizonMs();
  if (!(window > horizon))
    problems.push(
      `STREAM_DUPLICATE_WINDOW ${window} ms is not longer than the outbox retry horizon (${horizon} ms)`,
    );
  if (maxAge > 0 && window > maxAge) problems.push('STREAM_DUPLICATE_WINDOW exceeds STREAM_MAX_AGE');
  return problems;
}

/**
 * Behind an ingress, the TCP peer of every request is the ingress controller: the gateway must be
 * told to believe its X-Forwarded-For (TRUSTED_PROXIES, addresses or CIDR blocks), or every client
 * shares the controller's address (one failed-authentication budget, IP allow-lists useless).
 */
function trustedProxyProblems(rs: Resource[]): string[] {
  const gateway = find(rs, 'Deployment', 'gateway');
  const loaded = podOf(gateway!)?.containers[0]?.envFrom?.map((e) => e.configMapRef?.name) ?? [];
  const config = rs.find((r) => r.kind === 'ConfigMap' && loaded.includes(r.metadata.name));
  const entries = (config?.data?.['TRUSTED_PROXIES'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0)
    return ['gateway: TRUSTED_PROXIES is empty (set it to the ingress controller range)'];
  return entries
    .filter((entry) => !isIpOrCidr(entry))
    .map((e) => `gateway: TRUSTED_PROXIES entry ${e} is not an address or CIDR block`);
}

/** Production: replicas, autoscaling, disruption budgets, spread, NATS cluster, network isolation. */
function prodProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  const hpa = rs.find(
    (r) => r.kind === 'HorizontalPodAutoscaler' && r.spec?.scaleTargetRef?.name === 'gateway',
  );
  if (!hpa) problems.push('no HorizontalPodAutoscaler for the gateway');
  else if ((hpa.spec?.minReplicas ?? 1) < 3) problems.push('the gateway HPA allows fewer than 3 replicas');

  const podLabels = new Map(
    workloadsOf(rs).map((w) => [w.metadata.name, w.spec?.template?.metadata?.labels ?? {}] as const),
  );
  const budgets = rs.filter((r) => r.kind === 'PodDisruptionBudget');
  problems.push(...autoscaledProblems(rs));
  problems.push(...spreadProblems(rs));
  for (const name of [...APP_NAMES, 'nats'])
    if (!budgets.some((b) => selects(b.spec?.selector, podLabels.get(name) ?? {})))
      problems.push(`no PodDisruptionBudget selects ${name}`);
  for (const d of rs.filter((r) => r.kind === 'Deployment'))
    if (!podOf(d)?.topologySpreadConstraints?.length)
      problems.push(`Deployment/${d.metadata.name} has no topologySpreadConstraints`);

  const nats = find(rs, 'StatefulSet', 'nats');
  if (!nats) problems.push('no NATS StatefulSet');
  else {
    if (nats.spec?.replicas !== 3) problems.push('NATS does not run 3 nodes');
    if (!nats.spec?.volumeClaimTemplates?.length)
      problems.push('NATS has no persistent volume (file storage)');
    if (!retainsVolumes(nats))
      problems.push('StatefulSet/nats deletes its volumes with it (retention policy)');
    const headless = find(rs, 'Service', nats.spec?.serviceName ?? '');
    if (headless?.spec?.clusterIP !== 'None') problems.push('NATS has no headless Service for its routes');
    const conf =
      rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('nats-config'))?.data?.[
        'nats.conf'
      ] ?? '';
    if (!/jetstream\s*\{[^}]*store_dir/.test(conf)) problems.push('NATS config has no JetStream file store');
    for (let i = 0; i < 3; i++)
      if (!conf.includes(`nats-${i}.${nats.spec?.serviceName}:6222`))
        problems.push(`NATS config has no route to nats-${i}`);
  }

  const policies = rs.filter((r) => r.kind === 'NetworkPolicy');
  if (policies.length === 0) problems.push('no NetworkPolicies');
  if (
    !policies.some(
      (p) =>
        Object.keys(p.spec?.podSelector ?? { x: 1 }).length === 0 &&
        ['Ingress', 'Egress'].every((t) => p.spec?.policyTypes?.includes(t)),
    )
  )
    problems.push('no default-deny NetworkPolicy (Ingress and Egress) for the namespace');
  const gatewayLabels = podLabels.get('gateway') ?? {};
  /** Another namespace, named exactly (not "every namespace", not a pod selector), or undefined. */
  const otherNamespace = (peer: PolicyPeer) => {
    const name = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
    return !peer.podSelector && !!name && name !== 'latchkey' ? name : undefined;
  };
  /** Namespaces admitted to the gateway's public port: the ingress controller's, and nothing else. */
  const entranceNamespaces = new Set(
    policies
      .filter((p) => selects(p.spec?.podSelector, gatewayLabels))
      .flatMap((p) => p.spec?.ingress ?? [])
      .filter((rule) => rule.ports?.some((port) => port.port === 8080))
      .flatMap((rule) => (rule.from ?? []).map(otherNamespace))
      .filter((name): name is string => name !== undefined),
  );
  /** The one other namespace allowed to the ops ports (Prometheus): never the ingress controller's. */
  const monitoring = (peer: PolicyPeer) => {
    const name = otherNamespace(peer);
    return name !== undefined && !entranceNamespaces.has(name);
  };
  /** Which sources may reach pods with these labels (each ingress rule's peers; undefined = anyone). */
  const allowed = (labels: Record<string, string>) =>
    policies
      .filter((p) => p.spec?.policyTypes?.includes('Ingress') && selects(p.spec.podSelector, labels))
      .flatMap((p) =>
        (p.spec?.ingress ?? []).map((rule) => ({
          policy: p.metadata.name,
          from: rule.from,
          ports: rule.ports,
        })),
      );
  // The ops ports (metrics, readiness) are for the monitoring namespace alone (kubelet probes come
  // from the node and are not subject to NetworkPolicies).
  for (const app of APP_NAMES) {
    const opsPort = OPS_PORTS[app];
    let scraped = false;
    for (const rule of allowed(podLabels.get(app) ?? {})) {
      if (rule.ports && !rule.ports.some((p) => p.port === opsPort || p.port === 'ops')) continue;
      if (!rule.from) problems.push(`${rule.policy}: the ops port of ${app} is reachable from anywhere`);
      else if (!rule.from.every(monitoring))
        problems.push(
          `${rule.policy}: the ops port of ${app} is reachable from something other than the monitoring namespace`,
        );
      else scraped = true;
    }
    if (!scraped) problems.push(`the monitoring namespace cannot reach the ops port of ${app}`);
  }
  for (const app of APP_NAMES) {
    const opsServices = rs.filter(
      (r) =>
        r.kind === 'Service' &&
        selects(
          { matchLabels: r.spec?.selector as Record<string, string> | undefined },
          podLabels.get(app) ?? {},
        ) &&
        r.spec?.ports?.some((p) => p.name === 'ops'),
    );
    const scrapedBy = rs.filter(
      (m) =>
        m.kind === 'ServiceMonitor' &&
        m.spec?.endpoints?.some((e) => e.port === 'ops' && (e.path ?? '/metrics') === '/metrics') &&
        opsServices.some((svc) => selects(m.spec?.selector, svc.metadata.labels ?? {})),
    );
    if (scrapedBy.length === 0) problems.push(`no ServiceMonitor scrapes /metrics on the ops port of ${app}`);
  }
  for (const backend of BACKENDS) {
    for (const rule of allowed(podLabels.get(backend) ?? {})) {
      if (!rule.from) problems.push(`${rule.policy}: ${backend} is reachable from anywhere`);
      else
        for (const peer of rule.from)
          if (
            !monitoring(peer) &&
            !(
              peer.podSelector &&
              !peer.namespaceSelector &&
              selects(peer.podSelector, gatewayLabels) &&
              !APP_NAMES.filter((a) => a !== 'gateway').some((a) =>
                selects(peer.podSelector, podLabels.get(a) ?? {}),
              )
            )
          )
            problems.push(`${rule.policy}: ${backend} is reachable from something other than the gateway`);
    }
  }
  // The public port is for the ingress controller alone: TRUSTED_PROXIES believes X-Forwarded-For
  // from a pod range, so any other pod that could connect could choose the client address.
  const ingressController = (peer: PolicyPeer) => {
    const name = otherNamespace(peer);
    return name !== undefined && entranceNamespaces.has(name);
  };
  const entrance = allowed(gatewayLabels).filter(
    (rule) => !rule.ports || rule.ports.some((p) => p.port === 8080 || p.port === 'http'),
  );
  if (entrance.length === 0) problems.push('the gateway is not reachable from outside');
  for (const rule of entrance) {
    if (!rule.from)
      problems.push(
        `${rule.policy}: the gateway's public port is reachable from any pod, and TRUSTED_PROXIES lets a pod choose the client address`,
      );
    else if (!rule.from.every(ingressController))
      problems.push(
        `${rule.policy}: the gateway's public port is reachable from more than the ingress controller`,
      );
  }
  const services = new Set([...APP_NAMES, 'nats']);
  for (const rule of allowed(podLabels.get('nats') ?? {})) {
    if (!rule.from) problems.push(`${rule.policy}: NATS is reachable from anywhere`);
    else
      for (const peer of rule.from)
        if (
          !monitoring(peer) &&
          !(
            peer.podSelector &&
            [...podLabels].some(([n, l]) => services.has(n) && selects(peer.podSelector, l)) &&
            ![...podLabels].some(([n, l]) => !services.has(n) && selects(peer.podSelector, l))
          )
        )
          problems.push(`${rule.policy}: NATS is reachable from something other than the services`);
  }
  return problems;
}

/**
 * A workload an HPA scales has no `replicas` of its own (each `kubectl apply` would reset the HPA's
 * count to it), and its disruption budget is relative (maxUnavailable), so it scales along.
 */
function autoscaledProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  for (const hpa of rs.filter((r) => r.kind === 'HorizontalPodAutoscaler')) {
    const target = hpa.spec?.scaleTargetRef;
    const w = target && find(rs, target.kind, target.name);
    if (!w) {
      problems.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: its target is not rendered`);
      continue;
    }
    const id = `${w.kind}/${w.metadata.name}`;
    if (w.spec?.replicas !== undefined)
      problems.push(`${id} sets replicas ${w.spec.replicas}: its HorizontalPodAutoscaler owns the count`);
    const labels = w.spec?.template?.metadata?.labels ?? {};
    for (const pdb of rs.filter((r) => r.kind === 'PodDisruptionBudget' && selects(r.spec?.selector, labels)))
      if (pdb.spec?.maxUnavailable === undefined || pdb.spec.minAvailable !== undefined)
        problems.push(
          `PodDisruptionBudget/${pdb.metadata.name}: ${id} is autoscaled; use maxUnavailable (not minAvailable)`,
        );
  }
  return problems;
}

type Spread = NonNullable<PodSpec['topologySpreadConstraints']>[number];
const hardSpread = (pod: PodSpec | undefined, key: string) =>
  (pod?.topologySpreadConstraints ?? []).some(
    (c: Spread) => c.topologyKey === key && c.whenUnsatisfiable === 'DoNotSchedule' && c.maxSkew === 1,
  );

/** Backends never share a node; NATS never puts two nodes on one host, nor in one zone while another has none. */
function spreadProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  for (const app of BACKENDS)
    if (!hardSpread(podOf(find(rs, 'Deployment', app) ?? ({} as Resource)), 'kubernetes.io/hostname'))
      problems.push(`Deployment/${app}: no DoNotSchedule spread (maxSkew 1) over kubernetes.io/hostname`);
  const nats = find(rs, 'StatefulSet', 'nats');
  for (const key of ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'])
    if (!hardSpread(nats && podOf(nats), key))
      problems.push(`StatefulSet/nats: no DoNotSchedule spread (maxSkew 1) over ${key}`);
  return problems;
}

const retainsVolumes = (sts: Resource) =>
  sts.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Retain' &&
  sts.spec.persistentVolumeClaimRetentionPolicy.whenScaled === 'Retain';

/**
 * `kubectl delete -k <overlay>` must leave the namespace (with its Secret) and the stateful volumes:
 * no overlay renders the Namespace, every StatefulSet retains its claims.
 */
function lifecycleProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  for (const ns of rs.filter((r) => r.kind === 'Namespace'))
    problems.push(`Namespace/${ns.metadata.name} is rendered: deleting the overlay would delete it`);
  for (const sts of rs.filter((r) => r.kind === 'StatefulSet' && r.spec?.volumeClaimTemplates?.length))
    if (!retainsVolumes(sts))
      problems.push(
        `StatefulSet/${sts.metadata.name}: persistentVolumeClaimRetentionPolicy is not Retain/Retain`,
      );
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Each container only its own secrets (from its config schema: libs/runtime deployment-secrets)
// ---------------------------------------------------------------------------------------------
const APP_SCHEMAS = APPS as unknown as Record<App, z.ZodType & { shape: Record<string, unknown> }>;

function ownSecretProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  for (const w of workloadsOf(rs))
    for (const c of containersOf(podOf(w)!)) {
      const id = `${w.kind}/${w.metadata.name} container ${c.name}`;
      const refs = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef);
      let own: { variable: string; key: string; optional: boolean }[];
      if ((APP_NAMES as string[]).includes(c.name))
        own = secretsOf(c.name as App, APP_SCHEMAS[c.name as App]);
      else if (c.name === 'nats') own = natsServerSecrets();
      // The dev overlay's in-cluster database: its superuser password.
      else if (c.name === 'postgres')
        own = [{ variable: 'POSTGRES_PASSWORD', key: 'postgres-password', optional: false }];
      // The migration: the database alone (its URL keys: database-url…).
      else
        own = refs
          .filter((e) => /^database-url/.test(e.valueFrom!.secretKeyRef!.key))
          .map((e) => ({
            variable: e.name,
            key: e.valueFrom!.secretKeyRef!.key,
            optional: false,
          }));
      for (const e of refs) {
        const ref = e.valueFrom!.secretKeyRef!;
        const mine = own.find((o) => o.variable === e.name);
        if (!mine) problems.push(`${id}: is given ${e.name} (${ref.key}), which its config does not read`);
        else if (mine.key !== ref.key)
          problems.push(`${id}: ${e.name} comes from ${ref.key}, not ${mine.key}`);
        else if (mine.optional !== (ref.optional === true))
          problems.push(`${id}: ${e.name} is ${mine.optional ? '' : 'not '}optional`);
      }
      for (const o of own)
        if (!o.optional && !refs.some((e) => e.name === o.variable))
          problems.push(`${id}: does not get ${o.variable} (${o.key})`);
    }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// docker compose, .env.example, Dockerfile
// ---------------------------------------------------------------------------------------------
interface ComposeService {
  image?: string;
  command?: string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
  read_only?: boolean;
  /** A value, `${…}` interpolated from .env, or null: .env's value of the same name (or unset). */
  environment?: Record<string, string | null>;
  env_file?: string | string[];
  ports?: unknown[];
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, ComposeService>;
}

const composeFile = (): Compose =>
  parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;

function parseDotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
  }
  return env;
}
const envExample = () => parseDotenv(readFileSync(join(ROOT, '.env.example'), 'utf8'));

function composeProblems(compose: Compose, example: Record<string, string>): string[] {
  const problems: string[] = [];
  const services = compose.services;
  for (const [name, s] of Object.entries(services)) {
    if (s.healthcheck?.test && !s.healthcheck.disable) continue;
    // No healthcheck: only a one-shot the others wait for.
    if (s.restart !== 'no') problems.push(`${name}: no healthcheck and not a one-shot (restart: "no")`);
    const waiters = Object.values(services).filter(
      (x) => x.depends_on?.[name]?.condition === 'service_completed_successfully',
    );
    if (waiters.length === 0) problems.push(`${name}: no healthcheck and nothing waits for it to complete`);
  }
  const oneShot = Object.entries(services).find(([, s]) => s.command?.join(' ').includes(MIGRATE_COMMAND));
  if (!oneShot) problems.push(`no migrate one-shot running ${MIGRATE_COMMAND}`);
  for (const app of APP_NAMES) {
    const s = services[app];
    if (!s) {
      problems.push(`${app}: not a compose service`);
      continue;
    }
    if (!s.healthcheck?.test) problems.push(`${app}: no healthcheck`);
    if (oneShot && s.depends_on?.[oneShot[0]]?.condition !== 'service_completed_successfully')
      problems.push(`${app}: does not wait for ${oneShot[0]} to complete successfully`);
    for (const dep of ['postgres', 'nats'])
      if (services[dep] && s.depends_on?.[dep]?.condition !== 'service_healthy')
        problems.push(`${app}: does not wait for ${dep} to be healthy`);
    if (s.read_only !== true) problems.push(`${app}: root filesystem is not read-only`);
    const environment = s.environment ?? {};
    if (environment['PORT'] !== String(APP_PORTS[app]))
      problems.push(`${app}: PORT is not ${APP_PORTS[app]}`);
    if (environment['OPS_PORT'] !== String(OPS_PORTS[app]))
      problems.push(`${app}: OPS_PORT is not ${OPS_PORTS[app]}`);
    if (!/process\.env\.OPS_PORT\b[\s\S]*\/readyz/.test(JSON.stringify(s.healthcheck?.test ?? '')))
      problems.push(`${app}: the healthcheck does not fetch /readyz on OPS_PORT`);
    problems.push(...schemaProblems(app, composeEnvironment(environment, example), `compose ${app}`));
    problems.push(...composeSecretProblems(app, environment, example));
  }
  for (const [name, s] of Object.entries(services)) {
    if (s.env_file !== undefined)
      problems.push(`${name}: reads an env_file (every container would get every secret in it)`);
    if (s.ports?.length && name !== 'gateway')
      problems.push(`${name}: publishes ports (only the gateway may)`);
    for (const [k, v] of Object.entries(s.environment ?? {}))
      // `${VAR}`, `${VAR:?message}`, or a fallback to another variable: `${VAR:-${OTHER…}}`.
      if (
        v !== null &&
        (isSecretName(k) || SECRET_VALUE.test(String(v))) &&
        !/^\$\{[A-Z_]+(:-\$\{[A-Z_]+[^}]*\}|[^}]*)\}$/.test(String(v))
      )
        problems.push(`${name}: ${k} is written inline (use .env or \${…})`);
  }
  if (!services['gateway']?.ports?.some((p) => String(p).endsWith(':8080') || String(p) === '8080'))
    problems.push('gateway does not publish 8080');
  problems.push(...composeNatsProblems(compose));
  return problems;
}

/**
 * A service's environment as compose makes it from .env: `NAME:` (no value) passes .env's NAME or
 * leaves it unset; `${NAME:-x}`, `${NAME:?msg}` interpolate. Generated secrets, empty in the
 * example, take sample values (as generate-keys fills them).
 */
function composeEnvironment(
  environment: Record<string, string | null>,
  example: Record<string, string>,
): Record<string, string | undefined> {
  const dotenv = (name: string) =>
    example[name] === '' && GENERATED[name] ? GENERATED[name] : example[name];
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(environment)) {
    if (v === null) env[k] = dotenv(k);
    else
      // Empty: as unset to the schemas (an empty optional is unset; `:?` refuses to start).
      env[k] =
        v.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::?[-?]([^}]*))?\}/g, (_m, name: string, fallback?: string) => {
          const value = dotenv(name);
          return value ? value : /:-/.test(_m) ? (fallback ?? '') : '';
        }) || undefined;
  }
  // Unset, not undefined: schemaProblems fills undefined values with sample secrets.
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

/**
 * Each compose service gets only the variables its config schema reads; its secrets by
 * interpolation of their own .env names (its own seed: NATS_SEED_<SERVICE>), every setting .env
 * defines for it (or a change in .env would not reach it).
 */
function composeSecretProblems(
  app: App,
  environment: Record<string, string | null>,
  example: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const reads = new Set(Object.keys(APP_SCHEMAS[app].shape));
  const own = secretsOf(app, APP_SCHEMAS[app]);
  for (const [k, v] of Object.entries(environment)) {
    if (!reads.has(k)) problems.push(`compose ${app}: is given ${k}, which its config does not read`);
    const mine = own.find((o) => o.variable === k);
    if ((SECRET_VARIABLES as readonly string[]).includes(k)) {
      if (!mine) continue;
      const name = /^\$\{([A-Z_][A-Z0-9_]*)/.exec(String(v))?.[1];
      if (name !== mine.envName) problems.push(`compose ${app}: ${k} is not \${${mine.envName}…}`);
      else if (
        !mine.optional &&
        // Required: `${NAME:?…}`, or its own name falling back to a required one (DATABASE_URL).
        !/^\$\{[A-Z_0-9]+(:-\$\{[A-Z_0-9]+)?:\?/.test(String(v)) &&
        !['KEY_PEPPER', 'PRINCIPAL_PUBLIC_KEY'].includes(k)
      )
        problems.push(`compose ${app}: ${k} is required: \${${mine.envName}:?…}`);
    }
  }
  for (const o of own)
    if (!(o.variable in environment))
      problems.push(`compose ${app}: does not get ${o.variable} (\${${o.envName}})`);
  for (const name of Object.keys(example))
    if (reads.has(name) && !(name in environment) && !(SECRET_VARIABLES as readonly string[]).includes(name))
      problems.push(`compose ${app}: does not pass ${name} from .env`);
  return problems;
}

/** .env.example: generated secrets left empty, other secrets are visible placeholders, all commented. */
function envExampleProblems(text: string): string[] {
  const problems: string[] = [];
  const env = parseDotenv(text);
  const lines = text.split('\n');
  for (const name of Object.keys(GENERATED))
    if (!(name in env)) problems.push(`${name}: not in .env.example`);
    else if (env[name] !== '') problems.push(`${name}: has a value (leave it empty; generate-keys fills it)`);
  for (const [name, value] of Object.entries(env)) {
    if (name in GENERATED) continue;
    if ((isSecretName(name) || SECRET_VALUE.test(value)) && value !== '' && !value.includes('change-me'))
      problems.push(`${name}: looks like a real secret (use a change-me placeholder)`);
    const at = lines.findIndex((l) => l.startsWith(`${name}=`));
    let j = at - 1;
    while (j >= 0 && /^[A-Z_]+=/.test(lines[j]!)) j--;
    if (j < 0 || !lines[j]!.startsWith('#')) problems.push(`${name}: no comment explains it`);
  }
  if (!text.includes('scripts/generate-keys.mjs')) problems.push('does not say how to generate the secrets');
  return problems;
}

function dockerfileProblems(dockerfile: string, dockerignore: string): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!);
  const baseArg = /^ARG NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1];
  need(froms.length >= 2, 'not a multi-stage build');
  const pinned = /^node:24-slim@sha256:[0-9a-f]{64}$/;
  need(
    froms.every((f) => pinned.test(f) || (f === '${NODE_IMAGE}' && pinned.test(baseArg ?? ''))),
    'every stage must be node:24-slim pinned by digest (node:24-slim@sha256:…)',
  );
  need(/^ARG APP\b/m.test(dockerfile), 'no ARG APP');
  need(
    /NX_NO_CLOUD=true/.test(dockerfile) && /NX_DAEMON=false/.test(dockerfile),
    'the build does not set NX_NO_CLOUD=true NX_DAEMON=false',
  );
  need(/nx run-many -t build/.test(dockerfile), 'the build does not run nx run-many -t build');
  need(
    /npm ci[^\n]*--omit=dev/.test(dockerfile),
    'the runtime dependencies are not installed with npm ci --omit=dev',
  );
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  need(
    /^USER (node|1000)(:\S+)?\s*$/m.test(lastStage),
    'the runtime stage does not run as the non-root node user (uid 1000)',
  );
  need(
    /^HEALTHCHECK[^\n]*(\\\n[^\n]*)*process\.env\.OPS_PORT[^\n]*fetch\([^)]*127\.0\.0\.1[^)]*\/healthz/m.test(
      lastStage,
    ),
    'no HEALTHCHECK fetching 127.0.0.1:$OPS_PORT/healthz',
  );
  need(
    /^CMD .*node apps\/\$APP\/dist\/main\.js/m.test(lastStage),
    'CMD does not start apps/$APP/dist/main.js',
  );
  for (const lib of ['contracts', 'auth-core', 'messaging', 'runtime'])
    need(lastStage.includes(`libs/${lib}/dist`), `the runtime stage does not copy libs/${lib}/dist`);
  // Test tooling stays out of production: not copied, and its workspace link removed after npm ci.
  need(!lastStage.includes('libs/testing'), 'the runtime stage copies libs/testing (test tooling)');
  need(
    /npm ci[^\n]*--omit=dev[^\n]*(\\\n[^\n]*)*rm -rf[^\n]*node_modules\/@latchkey\/testing/.test(dockerfile),
    'the production dependencies keep the @latchkey/testing workspace link',
  );
  need(lastStage.includes('apps/cli/dist'), 'the image does not carry the latchkey CLI (apps/cli/dist)');
  // npm ci needs every workspace of the lockfile: each one's package.json is copied before it.
  for (const dir of ['apps', 'libs'])
    for (const ws of readdirSync(join(ROOT, dir)))
      if (statSync(join(ROOT, dir, ws, 'package.json'), { throwIfNoEntry: false }))
        need(
          dockerfile.includes(`COPY ${dir}/${ws}/package.json ${dir}/${ws}/`),
          `the Dockerfile does not copy ${dir}/${ws}/package.json before npm ci`,
        );
  const ignored = new Set(
    dockerignore
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  for (const entry of ['node_modules', '.git', '.env', '.latchkey', '**/dist'])
    need(ignored.has(entry), `.dockerignore does not exclude ${entry}`);
  return problems;
}

/** Files under k8s/ that are kustomization resources, recursively from the overlays. */
function kustomizationResources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'kustomization.yaml') {
        const k = parse(readFileSync(path, 'utf8')) as {
          resources?: string[];
          patches?: { path?: string }[];
        };
        for (const r of [
          ...(k.resources ?? []),
          ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : [])),
        ])
          files.push(relative(ROOT, join(dir, r)));
      }
    }
  };
  walk(join(ROOT, 'k8s'));
  return files;
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------
// NATS: no anonymous access, the generated users, each service only its own seed
// ---------------------------------------------------------------------------------------------
const NATS_AUTH_FILE = join(ROOT, 'k8s/base/nats-auth.conf');
/** What scripts/nats-config.mjs renders: the committed file must be exactly this. */
const RENDERED_NATS_AUTH = renderNatsAuthorization(DEFAULT_BUS_LAYOUT, nkeyVariables());
const seedKeyOf = (user: BusUser) => `nats-seed-${user}`;
const nkeyKeyOf = (user: BusUser) => `nats-nkey-${user}`;

function secretKeysOf(c: Container): string[] {
  return (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : []));
}

function natsProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  const configMaps = rs.filter((r) => r.kind === 'ConfigMap');
  for (const cm of configMaps)
    for (const [file, text] of Object.entries(cm.data ?? {}))
      if (/no_auth_user|^\s*(token|password)\s*:/m.test(text))
        problems.push(`ConfigMap/${cm.metadata.name} ${file}: lets a client in without its nkey`);
  const nats = find(rs, 'StatefulSet', 'nats');
  if (!nats) return ['no NATS StatefulSet'];
  const pod = podOf(nats)!;
  const server = pod.containers.find((c) => c.name === 'nats');
  if (!server) return ['StatefulSet/nats: no nats container'];
  // The authorization the server loads: the ConfigMap nats-auth, as the config file or included by it.
  const mounted = new Set(
    (pod.volumes ?? []).flatMap((v) => [
      ...(v.configMap ? [v.configMap.name] : []),
      ...(v.projected?.sources ?? []).flatMap((src) => (src.configMap ? [src.configMap.name] : [])),
    ]),
  );
  const authMap = configMaps.find(
    (cm) => cm.metadata.name.startsWith('nats-auth') && mounted.has(cm.metadata.name),
  );
  if (!authMap)
    problems.push('StatefulSet/nats: the ConfigMap nats-auth (users and permissions) is not mounted');
  else if (authMap.data?.['auth.conf'] !== RENDERED_NATS_AUTH)
    problems.push(`ConfigMap/${authMap.metadata.name}: auth.conf is not the rendering of bus-permissions`);
  const args = (server.args ?? []).join(' ');
  const mainConfig = /-c \/etc\/nats\/(\S+)/.exec(args)?.[1];
  const mainText = mainConfig
    ? configMaps.flatMap((cm) => (mounted.has(cm.metadata.name) ? [cm.data?.[mainConfig]] : [])).find(Boolean)
    : undefined;
  if (!mainConfig || mainText === undefined)
    problems.push('StatefulSet/nats: runs without a mounted configuration file (-c)');
  else if (mainConfig !== 'auth.conf' && !/^\s*include \.\/auth\.conf\s*$/m.test(mainText))
    problems.push(`StatefulSet/nats: ${mainConfig} does not include ./auth.conf (anonymous access)`);
  for (const user of BUS_USERS) {
    const variable = nkeyVariableOf(user);
    const ref = server.env?.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
    if (ref?.key !== nkeyKeyOf(user))
      problems.push(`StatefulSet/nats: ${variable} is not from Secret key ${nkeyKeyOf(user)}`);
  }
  if (secretKeysOf(server).some((k) => k.startsWith('nats-seed-')))
    problems.push('StatefulSet/nats: is given a seed (the server needs public keys only)');
  // Every container: at most its own seed.
  for (const w of workloadsOf(rs))
    for (const c of containersOf(podOf(w)!)) {
      const own = (APP_NAMES as string[]).includes(c.name) ? seedKeyOf(c.name as BusUser) : undefined;
      for (const key of secretKeysOf(c).filter((k) => k.startsWith('nats-seed-')))
        if (key !== own) problems.push(`${w.kind}/${w.metadata.name} container ${c.name}: is given ${key}`);
      if (own && c.env?.find((e) => e.name === 'NATS_NKEY_SEED')?.valueFrom?.secretKeyRef?.key !== own)
        problems.push(`${w.kind}/${w.metadata.name}: NATS_NKEY_SEED is not from Secret key ${own}`);
    }
  return problems;
}

function composeNatsProblems(compose: Compose): string[] {
  const problems: string[] = [];
  const nats = compose.services['nats'] as ComposeService & { volumes?: string[] };
  if (!nats) return ['compose: no nats service'];
  const config = /-c (\S+)/.exec((nats.command ?? []).join(' '))?.[1];
  const mount = (nats.volumes ?? []).find((v) => typeof v === 'string' && v.split(':')[1] === config);
  if (!config || mount?.split(':')[0] !== './k8s/base/nats-auth.conf')
    problems.push('compose nats: does not run with ./k8s/base/nats-auth.conf (anonymous access)');
  for (const user of BUS_USERS) {
    const variable = nkeyVariableOf(user);
    if (!new RegExp(`^\\$\\{${variable}[:}]`).test(nats.environment?.[variable] ?? ''))
      problems.push(`compose nats: ${variable} is not \${${variable}}`);
  }
  for (const [name, s] of Object.entries(compose.services)) {
    const seeds = Object.values(s.environment ?? {}).filter((v) => /\$\{NATS_SEED_/.test(String(v)));
    const own = (APP_NAMES as string[]).includes(name)
      ? `NATS_SEED_${name.replace(/-/g, '_').toUpperCase()}`
      : undefined;
    for (const v of seeds)
      if (!own || !String(v).startsWith(`\${${own}`)) problems.push(`compose ${name}: is given ${String(v)}`);
    if (own && !String(s.environment?.['NATS_NKEY_SEED'] ?? '').startsWith(`\${${own}`))
      problems.push(`compose ${name}: NATS_NKEY_SEED is not \${${own}}`);
  }
  return problems;
}

const rendered: Record<Overlay, Resource[]> = { dev: render('dev'), prod: render('prod') };

describe.each(OVERLAYS)('kubernetes overlay %s', (overlay) => {
  const rs = rendered[overlay];

  it('renders the four services with their Services, the migration Job, NATS', () => {
    expect(serviceProblems(rs)).toEqual([]);
    expect(find(rs, 'StatefulSet', 'nats')).toBeDefined();
  });

  it('can be deleted without the namespace, its Secret or the stateful volumes', () => {
    expect(lifecycleProblems(rs)).toEqual([]);
  });

  it('gives each container only the secrets its config schema reads', () => {
    expect(ownSecretProblems(rs)).toEqual([]);
  });

  it('hardens every workload: probes, resources, security context, no token, secrets by reference', () => {
    expect(workloadsOf(rs).length).toBeGreaterThanOrEqual(6);
    expect(workloadProblems(rs, overlay)).toEqual([]);
  });

  it('commits no secret values and references only documented Secret keys', () => {
    expect(secretProblems(rs)).toEqual([]);
  });

  it('gives every service every variable its config schema requires, all valid', () => {
    expect(configProblems(rs)).toEqual([]);
  });

  it("tells the gateway to believe the ingress controller's X-Forwarded-For (TRUSTED_PROXIES)", () => {
    expect(trustedProxyProblems(rs)).toEqual([]);
  });

  it('runs NATS with the generated users only: no anonymous access, each service only its own seed', () => {
    expect(natsProblems(rs)).toEqual([]);
  });
});

describe('NATS authorization', () => {
  it('the committed k8s/base/nats-auth.conf is the rendering of bus-permissions', () => {
    expect(readFileSync(NATS_AUTH_FILE, 'utf8')).toBe(RENDERED_NATS_AUTH);
  });

  it('nats-server accepts it with the public keys in its environment, and refuses to start without them', () => {
    const bin = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';
    const keys = Object.fromEntries(
      BUS_USERS.map((user) => [nkeyVariableOf(user), GENERATED[nkeyVariableOf(user)]!]),
    );
    const test = (env: Record<string, string>) => {
      try {
        execFileSync(bin, ['-c', NATS_AUTH_FILE, '-t'], {
          env: { PATH: process.env['PATH'] ?? '', ...env },
          stdio: 'pipe',
        });
        return 'valid';
      } catch (error) {
        return String((error as { stderr?: Buffer }).stderr ?? error);
      }
    };
    expect(test(keys)).toBe('valid');
    expect(test({})).toMatch(/NATS_NKEY_IDENTITY.*can not be found/);
  });
});

describe('kubernetes', () => {
  it('the namespace (Pod Security "restricted") is applied on its own, outside every kustomization', () => {
    const ns = parse(readFileSync(join(ROOT, 'k8s/namespace.yaml'), 'utf8')) as Resource;
    expect(ns).toMatchObject({ kind: 'Namespace', metadata: { name: 'latchkey' } });
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(kustomizationResources().filter((f) => /namespace/.test(f))).toEqual([]);
  });

  it('production images: a registry of your own, by digest; the committed ones are placeholders', () => {
    const images = workloadsOf(rendered.prod).flatMap((w) =>
      containersOf(podOf(w)!)
        .filter((c) => isLatchkeyImage(c.image))
        .map((c) => c.image),
    );
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const image of images)
      expect(image).toMatch(/^registry\.example\.com\/latchkey\/[a-z-]+@sha256:0{64}$/);
    // The pre-flight refuses every one of them (and accepts a real registry's digest).
    expect(preflightImageProblems(images)).toHaveLength(new Set(images).size * 2);
    expect(preflightImageProblems([`ghcr.io/acme/latchkey/gateway@sha256:${'a'.repeat(64)}`])).toEqual([]);
    expect(preflightImageProblems(['latchkey/gateway:0.1.0']).join('\n')).toMatch(
      /no registry host[\s\S]*not pinned by digest/,
    );
    // Dev runs images built locally: never a name some registry could serve.
    for (const w of workloadsOf(rendered.dev))
      for (const c of containersOf(podOf(w)!))
        if (isLatchkeyImage(c.image)) expect(c.image).toMatch(/^latchkey\.local\/[a-z-]+:dev$/);
  });

  it('the ExternalSecret example has exactly the keys of k8s/secret.example.yaml, and is never applied', () => {
    const external = parse(readFileSync(join(ROOT, 'k8s/examples/external-secret.yaml'), 'utf8')) as {
      apiVersion: string;
      kind: string;
      spec: { target: { name: string }; data: { secretKey: string }[] };
    };
    expect(external.kind).toBe('ExternalSecret');
    expect(external.apiVersion).toMatch(/^external-secrets\.io\/v1(beta1)?$/);
    expect(external.spec.target.name).toBe('latchkey-secrets');
    expect(external.spec.data.map((d) => d.secretKey).sort()).toEqual(
      Object.keys(secretExample.stringData ?? {}).sort(),
    );
    expect(kustomizationResources().filter((f) => f.includes('examples'))).toEqual([]);
  });

  it('production: 3+ gateways with an HPA, PDBs, spread, a 3-node JetStream cluster, network isolation', () => {
    expect(prodProblems(rendered.prod)).toEqual([]);
  });

  it('production: the stream on 3 replicas, bounded in age and size, a duplicate window past the retry horizon', () => {
    expect(streamProblems(rendered.prod)).toEqual([]);
  });

  it('keeps PostgreSQL outside production (external, by URL)', () => {
    expect(find(rendered.prod, 'StatefulSet', 'postgres')).toBeUndefined();
    expect(find(rendered.dev, 'StatefulSet', 'postgres')).toBeDefined();
  });

  it('never applies secret.example.yaml', () => {
    expect(kustomizationResources().filter((f) => /secret/i.test(f))).toEqual([]);
    expect(secretExample).toMatchObject({ kind: 'Secret', metadata: { name: 'latchkey-secrets' } });
  });
});

describe('docker compose', () => {
  it('runs every service with a healthcheck, migrations as a one-shot, every required variable', () => {
    expect(composeProblems(composeFile(), envExample())).toEqual([]);
  });

  it('runs NATS with the generated users; each service gets only its own seed', () => {
    expect(composeNatsProblems(composeFile())).toEqual([]);
    expect(composeProblems(composeFile(), envExample())).toEqual([]);
  });

  it('.env.example documents every variable and commits no secret', () => {
    expect(envExampleProblems(readFileSync(join(ROOT, '.env.example'), 'utf8'))).toEqual([]);
  });

  it('.env.example names every variable any service schema knows (except those compose sets per service)', () => {
    const perService = new Set([
      'PORT',
      'HOST',
      'OPS_PORT',
      'OPS_HOST',
      'DATABASE_SCHEMA',
      'IDENTITY_URL',
      'DATA_API_URL',
      'AUDIT_URL',
      'CONSOLE_DIR',
      'NATS_NKEY_SEED',
    ]);
    const known = new Set(APP_NAMES.flatMap((a) => Object.keys((APPS[a] as unknown as z.ZodObject).shape)));
    const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const env = parseDotenv(text);
    expect([...known].filter((v) => !(v in env) && !(perService.has(v) && text.includes(v)))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  it('is one parametrised multi-stage node:24-slim image: prod deps only, non-root, healthcheck', () => {
    expect(
      dockerfileProblems(
        readFileSync(join(ROOT, 'Dockerfile'), 'utf8'),
        readFileSync(join(ROOT, '.dockerignore'), 'utf8'),
      ),
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The checks catch what they guard: known-bad mutations of the real files must be reported.
// ---------------------------------------------------------------------------------------------
type Mutation = [
  description: string,
  overlay: Overlay,
  mutate: (rs: Resource[]) => void,
  check: (rs: Resource[]) => string[],
  expected: RegExp,
];
const container = (rs: Resource[], kind: string, name: string) =>
  podOf(find(rs, kind, name)!)!.containers[0]!;
const all = (overlay: Overlay) => (rs: Resource[]) => [
  ...workloadProblems(rs, overlay),
  ...lifecycleProblems(rs),
  ...ownSecretProblems(rs),
  ...serviceProblems(rs),
  ...secretProblems(rs),
  ...configProblems(rs),
  ...trustedProxyProblems(rs),
  ...natsProblems(rs),
  ...(overlay === 'prod' ? prodProblems(rs) : []),
];

const gatewayConfig = (rs: Resource[]) =>
  rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('latchkey-config'))!.data!;
const natsServer = (rs: Resource[]) => podOf(find(rs, 'StatefulSet', 'nats')!)!.containers[0]!;
const mutations: Mutation[] = [
  [
    'NATS without its users (dev: no -c)',
    'dev',
    (rs) => (natsServer(rs).args = ['-js', '-sd', '/data', '-m', '8222']),
    all('dev'),
    /StatefulSet\/nats: runs without a mounted configuration file/,
  ],
  [
    'NATS cluster config no longer including the users',
    'prod',
    (rs) => {
      const cm = rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('nats-config'))!;
      cm.data!['nats.conf'] = cm.data!['nats.conf']!.replace('include ./auth.conf', '');
    },
    all('prod'),
    /nats.conf does not include \.\/auth\.conf/,
  ],
  [
    'an anonymous user let in',
    'prod',
    (rs) => {
      const cm = rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('nats-auth'))!;
      cm.data!['auth.conf'] = `no_auth_user: anon\n${cm.data!['auth.conf']!}`;
    },
    all('prod'),
    /lets a client in without its nkey/,
  ],
  [
    'hand-edited permissions (the gateway may publish key invalidations)',
    'dev',
    (rs) => {
      const cm = rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('nats-auth'))!;
      cm.data!['auth.conf'] = cm.data!['auth.conf']!.replace(
        '"latchkey_ctl.gateway.rate_limit",',
        '"latchkey_ctl.gateway.rate_limit", "latchkey_ctl.gateway.key_invalidate",',
      );
    },
    all('dev'),
    /auth.conf is not the rendering of bus-permissions/,
  ],
  [
    "the gateway given identity's seed as well",
    'prod',
    (rs) =>
      container(rs, 'Deployment', 'gateway').env!.push({
        name: 'IDENTITY_SEED',
        valueFrom: { secretKeyRef: { name: 'latchkey-secrets', key: 'nats-seed-identity' } },
      }),
    all('prod'),
    /Deployment\/gateway container gateway: is given nats-seed-identity/,
  ],
  [
    "data-api connecting with audit's seed",
    'dev',
    (rs) => {
      const seed = container(rs, 'Deployment', 'data-api').env!.find((e) => e.name === 'NATS_NKEY_SEED')!;
      seed.valueFrom!.secretKeyRef!.key = 'nats-seed-audit';
    },
    all('dev'),
    /Deployment\/data-api: NATS_NKEY_SEED is not from Secret key nats-seed-data-api/,
  ],
  [
    'a public key missing from the NATS server',
    'prod',
    (rs) => (natsServer(rs).env = natsServer(rs).env!.filter((e) => e.name !== 'NATS_NKEY_AUDIT')),
    all('prod'),
    /StatefulSet\/nats: NATS_NKEY_AUDIT is not from Secret key nats-nkey-audit/,
  ],
  [
    'no trusted proxies behind the ingress',
    'prod',
    (rs) => (gatewayConfig(rs)['TRUSTED_PROXIES'] = ''),
    all('prod'),
    /TRUSTED_PROXIES is empty/,
  ],
  [
    'a trusted proxy that is not an address or CIDR block',
    'dev',
    (rs) => (gatewayConfig(rs)['TRUSTED_PROXIES'] = '10.244.0.0/16, ingress-nginx'),
    trustedProxyProblems,
    /TRUSTED_PROXIES entry ingress-nginx is not an address or CIDR block/,
  ],
  [
    'a removed readiness probe',
    'prod',
    (rs) => delete container(rs, 'Deployment', 'gateway').readinessProbe,
    all('prod'),
    /gateway container gateway: no readinessProbe/,
  ],
  [
    'a removed liveness probe on NATS',
    'prod',
    (rs) => delete container(rs, 'StatefulSet', 'nats').livenessProbe,
    all('prod'),
    /StatefulSet\/nats container nats: no livenessProbe/,
  ],
  [
    'a missing memory limit',
    'dev',
    (rs) => delete container(rs, 'Deployment', 'audit').resources!.limits!['memory'],
    all('dev'),
    /no resources\.limits\.memory/,
  ],
  [
    'a writable root filesystem',
    'dev',
    (rs) => (container(rs, 'Deployment', 'identity').securityContext!.readOnlyRootFilesystem = false),
    all('dev'),
    /readOnlyRootFilesystem is not true/,
  ],
  [
    'privilege escalation on the Job',
    'prod',
    (rs) =>
      (podOf(rs.find((r) => r.kind === 'Job')!)!.containers[0]!.securityContext!.allowPrivilegeEscalation =
        true),
    all('prod'),
    /Job\/latchkey-migrate-[^ ]+ container migrate: allowPrivilegeEscalation/,
  ],
  [
    'capabilities kept',
    'prod',
    (rs) => (container(rs, 'Deployment', 'data-api').securityContext!.capabilities = { drop: [] }),
    all('prod'),
    /do not drop ALL/,
  ],
  [
    'running as root',
    'prod',
    (rs) => (podOf(find(rs, 'Deployment', 'gateway')!)!.securityContext!.runAsUser = 0),
    all('prod'),
    /runAsUser is not 1000/,
  ],
  [
    'no seccomp profile',
    'dev',
    (rs) => delete podOf(find(rs, 'Deployment', 'audit')!)!.securityContext!.seccompProfile,
    all('dev'),
    /seccompProfile/,
  ],
  [
    'a mounted service account token',
    'prod',
    (rs) => (podOf(find(rs, 'Deployment', 'identity')!)!.automountServiceAccountToken = true),
    all('prod'),
    /automountServiceAccountToken is not false/,
  ],
  [
    'an inline pepper',
    'prod',
    (rs) => (
      (container(rs, 'Deployment', 'gateway').env!.find((e) => e.name === 'KEY_PEPPER')!.valueFrom =
        undefined),
      (container(rs, 'Deployment', 'gateway').env!.find((e) => e.name === 'KEY_PEPPER')!.value = 'x'.repeat(
        48,
      ))
    ),
    all('prod'),
    /KEY_PEPPER must come from a secretKeyRef/,
  ],
  [
    'an inline DATABASE_URL',
    'dev',
    (rs) =>
      container(rs, 'Deployment', 'audit').env!.push({ name: 'DATABASE_URL', value: 'postgres://u:p@h/db' }),
    all('dev'),
    /DATABASE_URL must come from a secretKeyRef/,
  ],
  [
    'an inline public key',
    'prod',
    (rs) => {
      const e = container(rs, 'Deployment', 'data-api').env!.find((v) => v.name === PUBLIC_KEY)!;
      delete e.valueFrom;
      e.value = '{"kty":"OKP"}';
    },
    all('prod'),
    /PRINCIPAL_PUBLIC_KEY must come from a Secret or ConfigMap reference/,
  ],
  [
    'a private key in the ConfigMap',
    'prod',
    (rs) =>
      (rs.find((r) => r.metadata.name.startsWith('latchkey-config'))!.data!['PRINCIPAL_SIGNING_KEY'] =
        '{"d":"x"}'),
    all('prod'),
    /ConfigMap\/latchkey-config-\w+: PRINCIPAL_SIGNING_KEY is a secret/,
  ],
  [
    'a committed Secret',
    'prod',
    (rs) =>
      rs.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'latchkey-secrets' },
        stringData: { 'key-pepper': 'x' },
      }),
    all('prod'),
    /Secret\/latchkey-secrets carries values/,
  ],
  [
    'an undocumented Secret key',
    'dev',
    (rs) =>
      (container(rs, 'Deployment', 'identity').env!.find(
        (e) => e.name === 'KEY_PEPPER',
      )!.valueFrom!.secretKeyRef!.key = 'pepper'),
    all('dev'),
    /latchkey-secrets\/pepper, not in k8s\/secret.example.yaml/,
  ],
  [
    'a latest image in prod',
    'prod',
    (rs) => (container(rs, 'Deployment', 'audit').image = 'latchkey/audit:latest'),
    all('prod'),
    /image latchkey\/audit:latest is not pinned/,
  ],
  [
    'an untagged image behind a registry port in prod',
    'prod',
    (rs) => (container(rs, 'StatefulSet', 'nats').image = 'registry:5000/nats'),
    all('prod'),
    /is not pinned/,
  ],
  [
    'a missing required variable',
    'prod',
    (rs) => {
      const c = container(rs, 'Deployment', 'gateway');
      c.env = c.env!.filter((e) => e.name !== 'PRINCIPAL_SIGNING_KEY');
    },
    all('prod'),
    /Deployment\/gateway: required PRINCIPAL_SIGNING_KEY is not provided/,
  ],
  [
    'an invalid setting',
    'dev',
    (rs) =>
      (rs.find((r) => r.metadata.name.startsWith('latchkey-config'))!.data!['KEY_CACHE_TTL_MS'] = '600000'),
    all('dev'),
    /Deployment\/gateway: KEY_CACHE_TTL_MS is invalid/,
  ],
  [
    'a wrong port',
    'dev',
    (rs) => (container(rs, 'Deployment', 'data-api').env!.find((e) => e.name === 'PORT')!.value = '8080'),
    all('dev'),
    /Deployment\/data-api: PORT is 8080/,
  ],
  [
    'no preStop drain',
    'prod',
    (rs) => delete container(rs, 'Deployment', 'identity').lifecycle,
    all('prod'),
    /identity: no preStop drain/,
  ],
  [
    'a grace period shorter than the drain',
    'prod',
    (rs) => (podOf(find(rs, 'Deployment', 'gateway')!)!.terminationGracePeriodSeconds = 10),
    all('prod'),
    /terminationGracePeriodSeconds 10/,
  ],
  [
    'a readiness probe on the API port',
    'prod',
    (rs) => (container(rs, 'Deployment', 'gateway').readinessProbe!.httpGet!.port = 'http'),
    all('prod'),
    /Deployment\/gateway: readinessProbe is not GET \/readyz on the ops port/,
  ],
  [
    'a liveness probe on the API port number',
    'dev',
    (rs) => (container(rs, 'Deployment', 'identity').livenessProbe!.httpGet!.port = 8081),
    all('dev'),
    /Deployment\/identity: livenessProbe is not GET \/healthz on the ops port/,
  ],
  [
    'a Deployment without an ops port',
    'dev',
    (rs) => {
      const c = container(rs, 'Deployment', 'audit');
      c.ports = c.ports!.filter((p) => p.name !== 'ops');
    },
    all('dev'),
    /Deployment\/audit: containerPort ops is not 9093/,
  ],
  [
    'the ops listener on loopback',
    'prod',
    (rs) => delete rs.find((r) => r.metadata.name.startsWith('latchkey-config'))!.data!['OPS_HOST'],
    all('prod'),
    /Deployment\/gateway: OPS_HOST is unset \(loopback\)/,
  ],
  [
    'the public gateway Service exposing the ops port',
    'prod',
    (rs) => find(rs, 'Service', 'gateway')!.spec!.ports!.push({ name: 'ops', port: 9090, targetPort: 'ops' }),
    all('prod'),
    /Service\/gateway exposes the ops port \(the public entrance\)/,
  ],
  [
    'no ops Service for data-api',
    'dev',
    (rs) =>
      rs.splice(
        rs.findIndex((r) => r.kind === 'Service' && r.metadata.name === 'data-api-ops'),
        1,
      ),
    all('dev'),
    /Deployment\/data-api: no Service \(data-api-ops\) for its ops port/,
  ],
  [
    'the gateway ops port open to the ingress controller',
    'prod',
    (rs) => find(rs, 'NetworkPolicy', 'gateway-ingress')!.spec!.ingress![0]!.ports!.push({ port: 9090 }),
    prodProblems,
    /gateway-ingress: the ops port of gateway is reachable from something other than the monitoring namespace/,
  ],
  [
    "a backend's ops port open to the gateway",
    'prod',
    (rs) =>
      find(rs, 'NetworkPolicy', 'backends-from-gateway')!.spec!.ingress![0]!.ports!.push({ port: 9091 }),
    prodProblems,
    /the ops port of identity is reachable from something other than the monitoring namespace/,
  ],
  [
    'no ServiceMonitor',
    'prod',
    (rs) =>
      rs.splice(
        rs.findIndex((r) => r.kind === 'ServiceMonitor'),
        1,
      ),
    prodProblems,
    /no ServiceMonitor scrapes \/metrics on the ops port of gateway/,
  ],
  [
    'a fixed gateway replica count beside its HPA',
    'prod',
    (rs) => (find(rs, 'Deployment', 'gateway')!.spec!.replicas = 3),
    prodProblems,
    /Deployment\/gateway sets replicas 3: its HorizontalPodAutoscaler owns the count/,
  ],
  [
    "a fixed minAvailable for the autoscaled gateway's budget",
    'prod',
    (rs) => {
      const pdb = find(rs, 'PodDisruptionBudget', 'gateway')!;
      delete pdb.spec!.maxUnavailable;
      pdb.spec!.minAvailable = 2;
    },
    prodProblems,
    /PodDisruptionBudget\/gateway: Deployment\/gateway is autoscaled; use maxUnavailable/,
  ],
  [
    'a backend free to put both replicas on one node',
    'prod',
    (rs) =>
      (podOf(find(rs, 'Deployment', 'audit')!)!.topologySpreadConstraints![0]!.whenUnsatisfiable =
        'ScheduleAnyway'),
    prodProblems,
    /Deployment\/audit: no DoNotSchedule spread \(maxSkew 1\) over kubernetes.io\/hostname/,
  ],
  [
    'NATS nodes free to share a zone',
    'prod',
    (rs) =>
      (podOf(find(rs, 'StatefulSet', 'nats')!)!.topologySpreadConstraints!.find(
        (c) => c.topologyKey === 'topology.kubernetes.io/zone',
      )!.whenUnsatisfiable = 'ScheduleAnyway'),
    prodProblems,
    /StatefulSet\/nats: no DoNotSchedule spread \(maxSkew 1\) over topology.kubernetes.io\/zone/,
  ],
  [
    'NATS volumes deleted with the StatefulSet',
    'prod',
    (rs) =>
      (find(rs, 'StatefulSet', 'nats')!.spec!.persistentVolumeClaimRetentionPolicy = {
        whenDeleted: 'Delete',
        whenScaled: 'Retain',
      }),
    all('prod'),
    /StatefulSet\/nats: persistentVolumeClaimRetentionPolicy is not Retain\/Retain/,
  ],
  [
    'the namespace in the overlay',
    'dev',
    (rs) => rs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'latchkey' } }),
    all('dev'),
    /Namespace\/latchkey is rendered/,
  ],
  [
    "data-api given the gateway's pepper",
    'prod',
    (rs) =>
      container(rs, 'Deployment', 'data-api').env!.push({
        name: 'KEY_PEPPER',
        valueFrom: { secretKeyRef: { name: 'latchkey-secrets', key: 'key-pepper' } },
      }),
    all('prod'),
    /Deployment\/data-api container data-api: is given KEY_PEPPER \(key-pepper\), which its config does not read/,
  ],
  [
    'audit without its signing key',
    'dev',
    (rs) => {
      const c = container(rs, 'Deployment', 'audit');
      c.env = c.env!.filter((e) => e.name !== 'AUDIT_SIGNING_KEY');
    },
    ownSecretProblems,
    /Deployment\/audit container audit: does not get AUDIT_SIGNING_KEY \(audit-signing-key\)/,
  ],
  [
    'the NATS server given a seed',
    'prod',
    (rs) =>
      natsServer(rs).env!.push({
        name: 'NATS_SEED_OPERATOR',
        valueFrom: { secretKeyRef: { name: 'latchkey-secrets', key: 'nats-seed-operator' } },
      }),
    ownSecretProblems,
    /StatefulSet\/nats container nats: is given NATS_SEED_OPERATOR/,
  ],
  [
    'no HPA',
    'prod',
    (rs) =>
      rs.splice(
        rs.findIndex((r) => r.kind === 'HorizontalPodAutoscaler'),
        1,
      ),
    prodProblems,
    /no HorizontalPodAutoscaler/,
  ],
  [
    'no PDB for audit',
    'prod',
    (rs) =>
      rs.splice(
        rs.findIndex((r) => r.kind === 'PodDisruptionBudget' && r.metadata.name === 'audit'),
        1,
      ),
    prodProblems,
    /no PodDisruptionBudget selects audit/,
  ],
  [
    'no NetworkPolicies',
    'prod',
    (rs) => {
      for (let i = rs.length - 1; i >= 0; i--) if (rs[i]!.kind === 'NetworkPolicy') rs.splice(i, 1);
    },
    prodProblems,
    /no NetworkPolicies/,
  ],
  [
    "the gateway's public port open to every pod",
    'prod',
    (rs) => delete find(rs, 'NetworkPolicy', 'gateway-ingress')!.spec!.ingress![0]!.from,
    prodProblems,
    /gateway-ingress: the gateway's public port is reachable from any pod/,
  ],
  [
    "the gateway's public port open to the services' own namespace",
    'prod',
    (rs) =>
      find(rs, 'NetworkPolicy', 'gateway-ingress')!.spec!.ingress![0]!.from!.push({
        podSelector: {},
      }),
    prodProblems,
    /gateway-ingress: the gateway's public port is reachable from more than the ingress controller/,
  ],
  [
    'a backend open to everyone',
    'prod',
    (rs) =>
      find(rs, 'NetworkPolicy', 'backends-from-gateway')!.spec!.ingress!.push({ ports: [{ port: 8082 }] }),
    prodProblems,
    /data-api is reachable from anywhere/,
  ],
  [
    'data-api allowed to call identity',
    'prod',
    (rs) =>
      find(rs, 'NetworkPolicy', 'backends-from-gateway')!.spec!.ingress![0]!.from!.push({
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'data-api' } },
      }),
    prodProblems,
    /identity is reachable from something other than the gateway/,
  ],
  [
    'a backend open to every namespace',
    'prod',
    (rs) =>
      find(rs, 'NetworkPolicy', 'backends-from-gateway')!.spec!.ingress!.push({
        from: [{ namespaceSelector: {} }],
      }),
    prodProblems,
    /identity is reachable from something other than the gateway/,
  ],
  [
    'NATS open to everyone',
    'prod',
    (rs) => find(rs, 'NetworkPolicy', 'nats-from-services')!.spec!.ingress!.push({ ports: [{ port: 4222 }] }),
    prodProblems,
    /NATS is reachable from anywhere/,
  ],
  [
    'a single-node NATS in prod',
    'prod',
    (rs) => (find(rs, 'StatefulSet', 'nats')!.spec!.replicas = 1),
    prodProblems,
    /NATS does not run 3 nodes/,
  ],
  [
    'no spread',
    'prod',
    (rs) => delete podOf(find(rs, 'Deployment', 'gateway')!)!.topologySpreadConstraints,
    prodProblems,
    /Deployment\/gateway has no topologySpreadConstraints/,
  ],
  [
    'prod stream on one replica',
    'prod',
    (rs) => (streamConfigOf(rs)['STREAM_REPLICAS'] = '1'),
    streamProblems,
    /STREAM_REPLICAS 1 \(3 in production\)/,
  ],
  [
    'prod duplicate window within the retry horizon',
    'prod',
    (rs) => (streamConfigOf(rs)['STREAM_DUPLICATE_WINDOW'] = '2m'),
    streamProblems,
    /STREAM_DUPLICATE_WINDOW 120000 ms is not longer than the outbox retry horizon/,
  ],
  [
    'prod stream without a max age',
    'prod',
    (rs) => (streamConfigOf(rs)['STREAM_MAX_AGE'] = '0'),
    streamProblems,
    /the stream has no max age/,
  ],
  [
    'prod stream without a max size',
    'prod',
    (rs) => delete streamConfigOf(rs)['STREAM_MAX_BYTES'],
    streamProblems,
    /the stream has no max size/,
  ],
  [
    'prod streams larger than the NATS store',
    'prod',
    (rs) => (streamConfigOf(rs)['STREAM_MAX_BYTES'] = '16GiB'),
    streamProblems,
    /exceed NATS max_file_store/,
  ],
  [
    'one service with other stream settings',
    'prod',
    (rs) =>
      podOf(find(rs, 'Deployment', 'audit')!)!.containers[0]!.env!.push({
        name: 'STREAM_REPLICAS',
        value: '1',
      }),
    streamProblems,
    /audit: stream settings differ/,
  ],
];

/** The shared ConfigMap every service loads (where the overlays put the stream settings). */
function streamConfigOf(rs: Resource[]): Record<string, string> {
  return rs.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('latchkey-config'))!.data!;
}

describe('the checks catch what they guard', () => {
  it.each(mutations)('%s', (_description, overlay, mutate, check, expected) => {
    const rs = clone(rendered[overlay]);
    expect(check(rs)).toEqual([]);
    mutate(rs);
    expect(check(rs).join('\n')).toMatch(expected);
  });

  it.each<[string, (c: Compose, env: Record<string, string>) => void, RegExp]>([
    [
      'a service without a healthcheck',
      (c) => delete c.services['identity']!.healthcheck,
      /identity: no healthcheck/,
    ],
    [
      'a migrate that restarts',
      (c) => (c.services['migrate']!.restart = 'on-failure'),
      /migrate: no healthcheck and not a one-shot/,
    ],
    [
      'an app that does not wait for the migration',
      (c) => (c.services['audit']!.depends_on!['migrate'] = { condition: 'service_started' }),
      /audit: does not wait for migrate/,
    ],
    [
      'a healthcheck on the API port',
      (c) => {
        const test = c.services['audit']!.healthcheck!.test as string[];
        c.services['audit']!.healthcheck = { test: test.map((t) => t.replace('OPS_PORT', 'PORT')) };
      },
      /audit: the healthcheck does not fetch \/readyz on OPS_PORT/,
    ],
    [
      'a published backend',
      (c) => (c.services['data-api']!.ports = ['8082:8082']),
      /data-api: publishes ports/,
    ],
    [
      'a required variable missing from .env.example',
      (_c, env) => delete env['KEY_PEPPER'],
      /compose (identity|gateway): (required KEY_PEPPER is not provided|KEY_PEPPER is invalid \(required)/,
    ],
    [
      'an invalid default in .env.example',
      (_c, env) => (env['AUDIT_BATCH_SIZE'] = '0'),
      /compose audit: AUDIT_BATCH_SIZE is invalid/,
    ],
    [
      'an inline secret',
      (c) => (c.services['gateway']!.environment!['KEY_PEPPER'] = 'x'.repeat(40)),
      /gateway: KEY_PEPPER is written inline/,
    ],
    [
      'every container reading the whole .env',
      (c) => (c.services['audit']!.env_file = '.env'),
      /audit: reads an env_file/,
    ],
    [
      'the gateway given the database URL',
      (c) => (c.services['gateway']!.environment!['DATABASE_URL'] = '${DATABASE_URL:?}'),
      /compose gateway: is given DATABASE_URL, which its config does not read/,
    ],
    [
      'a setting in .env that does not reach audit',
      (c) => delete c.services['audit']!.environment!['AUDIT_BATCH_SIZE'],
      /compose audit: does not pass AUDIT_BATCH_SIZE from .env/,
    ],
    [
      'identity without its token keys',
      (c) => delete c.services['identity']!.environment!['TOKEN_SIGNING_KEYS'],
      /compose identity: does not get TOKEN_SIGNING_KEYS/,
    ],
    [
      'NATS without its users',
      (c) => (c.services['nats']!.command = ['-js', '-sd', '/data', '-m', '8222']),
      /compose nats: does not run with .\/k8s\/base\/nats-auth.conf/,
    ],
    [
      "the gateway connecting with identity's seed",
      (c) => (c.services['gateway']!.environment!['NATS_NKEY_SEED'] = '${NATS_SEED_IDENTITY}'),
      /compose gateway: is given \$\{NATS_SEED_IDENTITY\}/,
    ],
  ])('compose: %s', (_description, mutate, expected) => {
    const compose = composeFile();
    const env = envExample();
    expect(composeProblems(compose, env)).toEqual([]);
    mutate(compose, env);
    expect(composeProblems(compose, env).join('\n')).toMatch(expected);
  });

  it('.env.example: a committed secret or an undocumented variable', () => {
    const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
    expect(envExampleProblems(text.replace(/^KEY_PEPPER=$/m, `KEY_PEPPER=${'q'.repeat(48)}`))).toEqual([
      'KEY_PEPPER: has a value (leave it empty; generate-keys fills it)',
    ]);
    expect(envExampleProblems(`${text}\nNEW_SETTING=1\n`)).toEqual(['NEW_SETTING: no comment explains it']);
  });

  it('Dockerfile: a root user, dev dependencies, no healthcheck, a healthcheck on the API port', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
    expect(dockerfileProblems(dockerfile.replace(/^USER .*$/m, 'USER root'), ignore).join('\n')).toMatch(
      /non-root/,
    );
    expect(dockerfileProblems(dockerfile.replace(/--omit=dev/g, ''), ignore).join('\n')).toMatch(
      /--omit=dev/,
    );
    expect(
      dockerfileProblems(dockerfile.replace(/^HEALTHCHECK[\s\S]*?\n(?=\S)/m, ''), ignore).join('\n'),
    ).toMatch(/HEALTHCHECK/);
    expect(dockerfileProblems(dockerfile.replace(/OPS_PORT/g, 'PORT'), ignore).join('\n')).toMatch(
      /HEALTHCHECK fetching 127\.0\.0\.1:\$OPS_PORT/,
    );
    expect(dockerfileProblems(dockerfile, ignore.replace(/^\.env$/m, ''))).toEqual([
      '.dockerignore does not exclude .env',
    ]);
    expect(
      dockerfileProblems(dockerfile.replace(/^COPY libs\/runtime\/package.json .*$/m, ''), ignore),
    ).toEqual(['the Dockerfile does not copy libs/runtime/package.json before npm ci']);
  });
});
