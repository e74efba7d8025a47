/**
 * Observability invariants of the production overlay: every service and NATS is scraped, every
 * alert links a runbook section that exists in docs/operations.md, and every metric an alert reads
 * is one something produces (registered in this repository's code, or named by the NATS exporter
 * or kube-state-metrics), so no alert silently watches a series that never exists.
 *
 * Like deployment.spec.ts, each check returns a list of problems; the last block applies known-bad
 * mutations and asserts each check reports them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderOverlay, selects, type LabelSelector } from './manifests';

const ROOT = join(__dirname, '../..');
const OPERATIONS = 'docs/operations.md';

interface Labels {
  [name: string]: string;
}
type Selector = LabelSelector;
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Labels; limits?: Labels };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
    seccompProfile?: { type?: string };
  };
}
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Labels;
}
interface Resource {
  kind: string;
  metadata: { name: string; labels?: Labels };
  spec?: {
    selector?: Selector & Labels;
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    endpoints?: { port?: string; path?: string }[];
    podMetricsEndpoints?: { port?: string; path?: string }[];
    podSelector?: Selector;
    policyTypes?: string[];
    ingress?: {
      from?: { namespaceSelector?: Selector; podSelector?: Selector }[];
      ports?: { port: number | string }[];
    }[];
    groups?: { name: string; rules: Rule[] }[];
    template?: {
      metadata?: { labels?: Labels; annotations?: Labels };
      spec: { containers: Container[]; securityContext?: Container['securityContext'] };
    };
  };
}

const renderProd = (): Resource[] => renderOverlay<Resource>('prod');

const podLabelsOf = (w: Resource) => w.spec?.template?.metadata?.labels ?? {};
const isLatchkeyImage = (image: string) => /(^|\/)latchkey\/[a-z-]+([:@]|$)/.test(image);

// ---------------------------------------------------------------------------------------------
// Scraping
// ---------------------------------------------------------------------------------------------

/** Every Latchkey Deployment's `ops` port: scraped by a ServiceMonitor through a Service, or annotated. */
function serviceScrapeProblems(rs: Resource[]): string[] {
  const problems: string[] = [];
  const deployments = rs.filter(
    (r) => r.kind === 'Deployment' && r.spec?.template?.spec.containers.some((c) => isLatchkeyImage(c.image)),
  );
  if (deployments.length < 4) problems.push(`only ${deployments.length} Latchkey Deployments rendered`);
  for (const d of deployments) {
    const labels = podLabelsOf(d);
    const container = d.spec!.template!.spec.containers.find((c) => isLatchkeyImage(c.image))!;
    const ops = container.ports?.find((p) => p.name === 'ops');
    if (!ops) {
      problems.push(`Deployment/${d.metadata.name}: no container port named ops`);
      continue;
    }
    const viaMonitor = rs.some(
      (svc) =>
        svc.kind === 'Service' &&
        svc.spec?.selector !== undefined &&
        selects({ matchLabels: svc.spec.selector as Labels }, labels) &&
        (svc.spec.ports ?? []).some(
          (port) =>
            (port.targetPort === 'ops' || port.targetPort === ops.containerPort) &&
            rs.some(
              (m) =>
                m.kind === 'ServiceMonitor' &&
                selects(m.spec?.selector, svc.metadata.labels ?? {}) &&
                (m.spec?.endpoints ?? []).some(
                  (e) => e.port === port.name && (e.path ?? '/metrics') === '/metrics',
                ),
            ),
        ),
    );
    const annotations = d.spec?.template?.metadata?.annotations ?? {};
    const viaAnnotations =
      annotations['prometheus.io/scrape'] === 'true' &&
      annotations['prometheus.io/port'] === String(ops.containerPort) &&
      (annotations['prometheus.io/path'] ?? '/metrics') === '/metrics';
    if (!viaMonitor && !viaAnnotations)
      problems.push(`Deployment/${d.metadata.name}: /metrics on the ops port is not scraped`);
  }
  return problems;
}

/** The exporter's flags that produce the metric families alerts read. */
const EXPORTER_FLAGS = ['-varz', '-connz', '-routez', '-subz', '-jsz=all'];
const EXPORTER_IMAGE = /^natsio\/prometheus-nats-exporter:\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/;

/** NATS: an exporter sidecar on its monitoring port, scraped by a PodMonitor the monitoring namespace may reach. */
function natsScrapeProblems(rs: Resource[]): string[] {
  const nats = rs.find((r) => r.kind === 'StatefulSet' && r.metadata.name === 'nats');
  if (!nats?.spec?.template) return ['no NATS StatefulSet'];
  const problems: string[] = [];
  const pod = nats.spec.template.spec;
  const server = pod.containers.find((c) => c.name === 'nats');
  const monitorPort = server?.ports?.find((p) => p.name === 'monitor')?.containerPort;
  const exporter = pod.containers.find((c) => c.image.includes('prometheus-nats-exporter'));
  if (!exporter) return ['StatefulSet/nats: no prometheus-nats-exporter sidecar'];
  const id = `StatefulSet/nats container ${exporter.name}`;
  if (!EXPORTER_IMAGE.test(exporter.image))
    problems.push(`${id}: image ${exporter.image} is not pinned to an exact version`);
  const args = exporter.args ?? [];
  for (const flag of EXPORTER_FLAGS) if (!args.includes(flag)) problems.push(`${id}: no ${flag}`);
  if (monitorPort === undefined || !args.includes(`http://localhost:${monitorPort}`))
    problems.push(`${id}: does not read this node's monitoring port over localhost`);
  const port = exporter.ports?.find((p) => p.name === 'metrics');
  const listen = Number(/^-port=(\d+)$/.exec(args.find((a) => a.startsWith('-port=')) ?? '')?.[1] ?? 7777);
  if (!port || port.containerPort !== listen) problems.push(`${id}: no port "metrics" on ${listen}`);
  const sc = { ...pod.securityContext, ...exporter.securityContext };
  if (sc.runAsNonRoot !== true) problems.push(`${id}: runAsNonRoot is not true`);
  if (sc.seccompProfile?.type !== 'RuntimeDefault')
    problems.push(`${id}: seccompProfile is not RuntimeDefault`);
  if (exporter.securityContext?.readOnlyRootFilesystem !== true)
    problems.push(`${id}: root filesystem writable`);
  if (exporter.securityContext?.allowPrivilegeEscalation !== false)
    problems.push(`${id}: allowPrivilegeEscalation is not false`);
  if (!exporter.securityContext?.capabilities?.drop?.includes('ALL'))
    problems.push(`${id}: keeps capabilities`);
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'])
      if (!exporter.resources?.[kind]?.[resource]) problems.push(`${id}: no resources.${kind}.${resource}`);

  const labels = podLabelsOf(nats);
  const scraped = rs.some(
    (m) =>
      m.kind === 'PodMonitor' &&
      selects(m.spec?.selector, labels) &&
      (m.spec?.podMetricsEndpoints ?? []).some(
        (e) => e.port === 'metrics' && (e.path ?? '/metrics') === '/metrics',
      ),
  );
  if (!scraped) problems.push('no PodMonitor scrapes the NATS exporter (port metrics)');
  const admitted = rs.some(
    (p) =>
      p.kind === 'NetworkPolicy' &&
      p.spec?.policyTypes?.includes('Ingress') &&
      selects(p.spec.podSelector, labels) &&
      (p.spec.ingress ?? []).some(
        (rule) =>
          (rule.ports ?? []).some((pp) => pp.port === listen || pp.port === 'metrics') &&
          (rule.from ?? []).some(
            (peer) =>
              !peer.podSelector &&
              peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring',
          ),
      ),
  );
  if (!admitted) problems.push('no NetworkPolicy admits the monitoring namespace to the NATS exporter');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Alerts: runbooks
// ---------------------------------------------------------------------------------------------

const rulesOf = (rs: Resource[]): Rule[] =>
  rs
    .filter((r) => r.kind === 'PrometheusRule')
    .flatMap((r) => (r.spec?.groups ?? []).flatMap((g) => g.rules));
const alertsOf = (rs: Resource[]) => rulesOf(rs).filter((r) => r.alert !== undefined);

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The sections of a markdown file by anchor, each with its text up to the next heading. */
function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let inFence = false;
  let current: string | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      current = slug(heading[1]!);
      sections.set(current, '');
    } else if (current !== undefined) sections.set(current, sections.get(current)! + line + '\n');
  }
  return sections;
}

function runbookProblems(rs: Resource[], operations: string): string[] {
  const problems: string[] = [];
  const sections = sectionsOf(operations);
  const alerts = alertsOf(rs);
  if (alerts.length === 0) problems.push('no alerts rendered');
  for (const rule of alerts) {
    const url = rule.annotations?.['runbook_url'];
    const link = url === undefined ? undefined : new RegExp(`^${OPERATIONS}#([a-z0-9_-]+)$`).exec(url);
    if (!link) {
      problems.push(`${rule.alert}: no annotations.runbook_url of the form ${OPERATIONS}#<section>`);
      continue;
    }
    const body = sections.get(link[1]!);
    if (body === undefined) problems.push(`${rule.alert}: ${OPERATIONS} has no section #${link[1]}`);
    // A runbook says what to do: more than a heading, and it names the alert it serves.
    else if (!body.includes(rule.alert!))
      problems.push(`${rule.alert}: section #${link[1]} does not mention it`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Alerts: the metrics they read exist
// ---------------------------------------------------------------------------------------------

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names a PromQL expression reads (identifiers that are not functions, labels or keywords). */
function metricsOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g))
    if (!m[2] && !PROMQL_WORDS.has(m[1]!.toLowerCase())) names.add(m[1]!);
  return [...names];
}

/** Every metric this repository's code registers with prom-client, with the series histograms add. */
function registeredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (['node_modules', 'dist', 'coverage'].includes(entry)) return [];
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  const sources = ['apps', 'libs']
    .flatMap((dir) => walk(join(ROOT, dir)))
    .filter((f) => f.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(f));
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /new\s+(Counter|Gauge|Histogram|Summary)\s*(?:<[^>]*>)?\s*\(\s*\{\s*name:\s*['"]([a-zA-Z_:][a-zA-Z0-9_:]*)['"]/g,
    )) {
      const [, type, name] = m as unknown as [string, string, string];
      names.add(name);
      if (type === 'Histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
      if (type === 'Summary') for (const s of ['_sum', '_count']) names.add(name + s);
    }
  }
  return names;
}

/** Metrics of this repository's services: they must be registered in code. */
const OURS = /^(latchkey_|gateway_|identity_|data_api_|audit_|http_request_duration_seconds)/;
/**
 * Metrics from elsewhere that alerts may read, by where they come from. The exporter's names are
 * those of prometheus-nats-exporter's -jsz collector (no prefix flag: jetstream_*).
 */
const EXTERNAL: { source: string; names: RegExp }[] = [
  {
    source: 'prometheus-nats-exporter -jsz=all',
    names:
      /^jetstream_(stream_(total_messages|total_bytes|first_seq|last_seq|consumer_count)|consumer_(delivered_consumer_seq|delivered_stream_seq|num_ack_pending|num_redelivered|num_waiting|num_pending))$/,
  },
  {
    source: 'prometheus-nats-exporter -varz/-connz/-routez/-subz',
    names: /^gnatsd_(varz|connz|routez|subz)_[a-z_]+$/,
  },
  { source: 'kube-state-metrics', names: /^kube_pod_status_ready$/ },
];

function alertMetricProblems(rs: Resource[], registered: Set<string>): string[] {
  const problems: string[] = [];
  for (const rule of rulesOf(rs)) {
    const name = rule.alert ?? rule.record;
    for (const metric of metricsOf(rule.expr)) {
      if (OURS.test(metric)) {
        if (!registered.has(metric))
          problems.push(`${name}: ${metric} is registered nowhere in apps/ or libs/`);
      } else if (!EXTERNAL.some((e) => e.names.test(metric)))
        problems.push(`${name}: ${metric} comes from no known exporter`);
    }
  }
  return problems;
}

/** The failures that matter, each watched by some alert (by the metric that shows it). */
const MUST_WATCH: [failure: string, metric: RegExp][] = [
  ['outbox backlog age', /^latchkey_outbox_oldest_pending_age_seconds$/],
  ['dead letters', /^audit_dead_letters_total$/],
  ['consumer lag', /^jetstream_consumer_num_pending$/],
  ['revocation confirmations missing', /^latchkey_invalidation_/],
  ['readiness flapping', /^kube_pod_status_ready$/],
  ['gateway 5xx rate', /^http_request_duration_seconds_count$/],
  ['rate-limit sync lag', /^latchkey_rate_limit_sync_/],
  ['dependency down', /^latchkey_dependency_up$/],
];

function coverageProblems(rs: Resource[]): string[] {
  const used = alertsOf(rs).flatMap((r) => metricsOf(r.expr));
  return MUST_WATCH.filter(([, metric]) => !used.some((m) => metric.test(m))).map(
    ([failure]) => `no alert watches ${failure}`,
  );
}

// ---------------------------------------------------------------------------------------------

const prod = renderProd();
const operations = readFileSync(join(ROOT, OPERATIONS), 'utf8');
const registered = registeredMetrics();
const all = (rs: Resource[], docs = operations, code = registered) => [
  ...serviceScrapeProblems(rs),
  ...natsScrapeProblems(rs),
  ...runbookProblems(rs, docs),
  ...alertMetricProblems(rs, code),
  ...coverageProblems(rs),
];

describe('observability of the production overlay', () => {
  it("scrapes every Latchkey Deployment's ops port", () => {
    expect(serviceScrapeProblems(prod)).toEqual([]);
  });

  it('scrapes NATS through a pinned, restricted exporter sidecar the monitoring namespace may reach', () => {
    expect(natsScrapeProblems(prod)).toEqual([]);
  });

  it('links every alert to a runbook section of docs/operations.md that exists and names it', () => {
    expect(runbookProblems(prod, operations)).toEqual([]);
  });

  it('resolves every link between sections of docs/operations.md (the runbooks link each other)', () => {
    const sections = sectionsOf(operations);
    const links = [...operations.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links).toContain('re-drive-dead-letters');
    expect(links.filter((anchor) => !sections.has(anchor))).toEqual([]);
  });

  it('alerts only on metrics that exist: ours registered in code, the rest from a known exporter', () => {
    expect(alertMetricProblems(prod, registered)).toEqual([]);
  });

  it('watches every failure that matters', () => {
    expect(coverageProblems(prod)).toEqual([]);
  });

  it('reads metric names out of PromQL, not functions, labels or ranges', () => {
    expect(
      metricsOf(
        'histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{job="gateway", x=~"5.."}[5m]))) > 1 and on() b_total offset 5m',
      ).sort(),
    ).toEqual(['a_seconds_bucket', 'b_total']);
  });
});

type Mutation = [
  name: string,
  mutate: (rs: Resource[]) => void,
  expected: RegExp,
  docs?: string,
  code?: Set<string>,
];
const alert = (rs: Resource[], name: string) => alertsOf(rs).find((r) => r.alert === name)!;
const natsPod = (rs: Resource[]) =>
  rs.find((r) => r.kind === 'StatefulSet' && r.metadata.name === 'nats')!.spec!.template!;
const exporterOf = (rs: Resource[]) => natsPod(rs).spec.containers.find((c) => c.name === 'metrics')!;
const without = (set: Set<string>, name: string) => new Set([...set].filter((n) => n !== name));

const mutations: Mutation[] = [
  [
    'the ServiceMonitor removed, and the gateway without scrape annotations',
    (rs) => {
      rs.splice(
        rs.findIndex((r) => r.kind === 'ServiceMonitor'),
        1,
      );
      const gateway = rs.find((r) => r.kind === 'Deployment' && r.metadata.name === 'gateway')!;
      delete gateway.spec!.template!.metadata!.annotations!['prometheus.io/scrape'];
    },
    /Deployment\/gateway: \/metrics on the ops port is not scraped/,
  ],
  [
    'the exporter sidecar removed',
    (rs) => natsPod(rs).spec.containers.splice(natsPod(rs).spec.containers.indexOf(exporterOf(rs)), 1),
    /no prometheus-nats-exporter sidecar/,
  ],
  [
    'the exporter without JetStream metrics',
    (rs) => (exporterOf(rs).args = exporterOf(rs).args!.filter((a) => a !== '-jsz=all')),
    /container metrics: no -jsz=all/,
  ],
  [
    'the exporter on latest',
    (rs) => (exporterOf(rs).image = 'natsio/prometheus-nats-exporter:latest'),
    /not pinned/,
  ],
  [
    'the exporter writable',
    (rs) => (exporterOf(rs).securityContext!.readOnlyRootFilesystem = false),
    /container metrics: root filesystem writable/,
  ],
  [
    'the PodMonitor removed',
    (rs) =>
      rs.splice(
        rs.findIndex((r) => r.kind === 'PodMonitor'),
        1,
      ),
    /no PodMonitor scrapes the NATS exporter/,
  ],
  [
    'the exporter port closed to monitoring',
    (rs) =>
      rs.splice(
        rs.findIndex((r) => r.kind === 'NetworkPolicy' && r.metadata.name === 'nats-metrics-from-monitoring'),
        1,
      ),
    /no NetworkPolicy admits the monitoring namespace to the NATS exporter/,
  ],
  [
    'an alert without its runbook',
    (rs) => delete alert(rs, 'LatchkeyDeadLettered').annotations!['runbook_url'],
    /LatchkeyDeadLettered: no annotations.runbook_url/,
  ],
  [
    'a runbook link to a section that does not exist',
    (rs) =>
      (alert(rs, 'LatchkeyGatewayErrors').annotations!['runbook_url'] = `${OPERATIONS}#no-such-section`),
    /LatchkeyGatewayErrors: docs\/operations.md has no section #no-such-section/,
  ],
  [
    'a runbook section that does not name its alert',
    () => undefined,
    /LatchkeyOutboxBacklogOld: section #outbox-backlog does not mention it/,
    operations.replaceAll('LatchkeyOutboxBacklogOld', 'the backlog alert'),
  ],
  [
    'an alert on a metric the code does not register',
    (rs) => (alert(rs, 'LatchkeyOutboxBacklogOld').expr = 'max(latchkey_outbox_oldest_age_seconds) > 300'),
    /LatchkeyOutboxBacklogOld: latchkey_outbox_oldest_age_seconds is registered nowhere/,
  ],
  [
    'a metric whose registration was removed',
    () => undefined,
    /LatchkeyRevocationUnconfirmed: latchkey_invalidation_announcements_total is registered nowhere/,
    operations,
    without(registered, 'latchkey_invalidation_announcements_total'),
  ],
  [
    'an alert on an exporter metric that does not exist',
    (rs) => (alert(rs, 'LatchkeyConsumerLagging').expr = 'max(jetstream_consumer_pending) > 10'),
    /LatchkeyConsumerLagging: jetstream_consumer_pending comes from no known exporter/,
  ],
  [
    'the dependency alert removed',
    (rs) => {
      for (const r of rs.filter((x) => x.kind === 'PrometheusRule'))
        for (const g of r.spec!.groups!)
          g.rules = g.rules.filter((rule) => rule.alert !== 'LatchkeyDependencyDown');
    },
    /no alert watches dependency down/,
  ],
];

describe('observability checks catch what they guard against', () => {
  // Rows are spread without a parameter list: jest hands a `done` callback to a test function that
  // declares more parameters than its row has.
  it.each(mutations)('%s', (...row) => {
    const [, mutate, expected, docs, code] = row as Mutation;
    const rs = structuredClone(prod);
    expect(all(rs)).toEqual([]);
    mutate(rs);
    expect(all(rs, docs, code).join('\n')).toMatch(expected);
  });
});
