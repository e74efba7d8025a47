import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedVariableOf } from '@latchkey/contracts';
import { freePort, waitFor } from './ports';

/** The repository root, from libs/testing/{src,dist}. */
export const REPO_ROOT = resolve(__dirname, '../../..');

export const SERVICES = ['identity', 'data-api', 'audit', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * How long a service may take to answer /readyz. A boot takes about 2 s on an idle machine; on a
 * two-core machine running other stacks (or benchmarks) loading modules alone has taken 40 s.
 */
const READY_TIMEOUT_MS = 90_000;

export interface StackOptions {
  databaseUrl: string;
  /** A service's own URL (its own PostgreSQL role) instead of databaseUrl. */
  databaseUrls?: Partial<Record<Exclude<ServiceName, 'gateway'>, string>>;
  natsUrl: string;
  stream: string;
  subjectPrefix: string;
  ports: Record<ServiceName, number>;
  /** Each service's ops listener (/healthz, /readyz, /metrics), never its public port. */
  opsPorts: Record<ServiceName, number>;
  /** KEY_PEPPER, TOKEN_SIGNING_KEYS, PRINCIPAL_SIGNING_KEY, PRINCIPAL_PUBLIC_KEY, BUS_*, RATE_LIMIT_SYNC_KEYS, NATS_SEED_<USER>… */
  secrets: Record<string, string>;
  logDir: string;
  /** Extra environment per service (e.g. a short USAGE_FLUSH_MS in tests). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Bind address for the gateway (services behind it always bind 127.0.0.1). */
  gatewayHost?: string;
}

function baseEnv(options: StackOptions): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: process.env['NODE_ENV'] === 'test' ? 'test' : 'production',
    NATS_URL: options.natsUrl,
    NATS_STREAM: options.stream,
    NATS_SUBJECT_PREFIX: options.subjectPrefix,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
  };
}

export function serviceEnv(options: StackOptions, service: ServiceName): Record<string, string> {
  const { secrets, ports, opsPorts } = options;
  const common = {
    ...baseEnv(options),
    PORT: String(ports[service]),
    HOST: '127.0.0.1',
    OPS_PORT: String(opsPorts[service]),
    OPS_HOST: '127.0.0.1',
    // Each service only its own key on the bus.
    NATS_NKEY_SEED: secrets[seedVariableOf(service)] ?? '',
  };
  // application_name lets a test find (and cut) one service's database connections.
  const db = (schema: string) => {
    const url = new URL(
      (service !== 'gateway' ? options.databaseUrls?.[service] : undefined) ?? options.databaseUrl,
    );
    url.searchParams.set('application_name', service);
    return { DATABASE_URL: url.toString(), DATABASE_SCHEMA: schema };
  };
  const extra = options.env?.[service] ?? {};
  switch (service) {
    case 'identity':
      return {
        ...common,
        ...db('identity'),
        KEY_PEPPER: secrets['KEY_PEPPER'] ?? '',
        TOKEN_SIGNING_KEYS: secrets['TOKEN_SIGNING_KEYS'] ?? '',
        PRINCIPAL_PUBLIC_KEY: secrets['PRINCIPAL_PUBLIC_KEY'] ?? '',
        BUS_SIGNING_KEYS: secrets['BUS_SIGNING_KEYS'] ?? '',
        ...extra,
      };
    case 'data-api':
      return {
        ...common,
        ...db('data'),
        PRINCIPAL_PUBLIC_KEY: secrets['PRINCIPAL_PUBLIC_KEY'] ?? '',
        BUS_PUBLIC_KEYS: secrets['BUS_PUBLIC_KEYS'] ?? '',
        ...extra,
      };
    case 'audit':
      return {
        ...common,
        ...db('audit'),
        PRINCIPAL_PUBLIC_KEY: secrets['PRINCIPAL_PUBLIC_KEY'] ?? '',
        AUDIT_SIGNING_KEY: secrets['AUDIT_SIGNING_KEY'] ?? '',
        BUS_PUBLIC_KEYS: secrets['BUS_PUBLIC_KEYS'] ?? '',
        ...extra,
      };
    case 'gateway':
      return {
        ...common,
        HOST: options.gatewayHost ?? '127.0.0.1',
        KEY_PEPPER: secrets['KEY_PEPPER'] ?? '',
        PRINCIPAL_SIGNING_KEY: secrets['PRINCIPAL_SIGNING_KEY'] ?? '',
        BUS_PUBLIC_KEYS: secrets['BUS_PUBLIC_KEYS'] ?? '',
        RATE_LIMIT_SYNC_KEYS: secrets['RATE_LIMIT_SYNC_KEYS'] ?? '',
        IDENTITY_URL: `http://127.0.0.1:${ports.identity}`,
        DATA_API_URL: `http://127.0.0.1:${ports['data-api']}`,
        AUDIT_URL: `http://127.0.0.1:${ports.audit}`,
        ...extra,
      };
  }
}

function entry(service: ServiceName, file: string): string {
  return join(REPO_ROOT, 'apps', service, 'dist', file);
}

/** A running set of the four services, as real processes. */
export class Stack {
  private readonly processes = new Map<ServiceName, ChildProcess>();
  /** Processes started by spawnReplica/spawnGateway, by name. */
  private readonly extraGateways = new Map<
    string,
    { child: ChildProcess; opsPort: number; service: ServiceName; url: string }
  >();

  constructor(readonly options: StackOptions) {}

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.options.ports[service]}`;
  }

  get gatewayUrl(): string {
    return this.url('gateway');
  }

  /** The ops listener (/healthz, /readyz, /metrics) of a service, or of a replica spawnGateway started. */
  opsUrl(service: ServiceName | (string & {})): string {
    const replica = this.extraGateways.get(service);
    const port = replica ? replica.opsPort : this.options.opsPorts[service as ServiceName];
    if (port === undefined) throw new Error(`no service or gateway replica named ${service}`);
    return `http://127.0.0.1:${port}`;
  }

  async start(services: readonly ServiceName[] = SERVICES): Promise<void> {
    mkdirSync(this.options.logDir, { recursive: true });
    for (const service of services) this.spawn(service);
    await Promise.all(services.map((service) => this.waitReady(service)));
  }

  /** Whether the stack's own process of `service` is running (not stopped, not crashed). */
  running(service: ServiceName): boolean {
    const child = this.processes.get(service);
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  spawn(service: ServiceName): ChildProcess {
    // A second process would lose the first (stopAll stops the one it knows): it would outlive the test.
    if (this.running(service)) throw new Error(`${service} is already running`);
    const log = createWriteStream(this.logFile(service), { flags: 'a' });
    const child = spawn(process.execPath, [entry(service, 'main.js')], {
      env: serviceEnv(this.options, service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.set(service, child);
    return child;
  }

  /**
   * Another gateway replica on `port` (and an ops port of its own: `opsUrl(name)`), sharing the
   * stack's NATS, identity and backends (with `env` overriding any setting). Stopped by stopAll().
   */
  async spawnGateway(name: string, port: number, env: Record<string, string> = {}): Promise<string> {
    return this.spawnReplica('gateway', name, { ...env, PORT: String(port) });
  }

  /**
   * Another process of `service` named `name` (its own port and ops port unless `env` sets them),
   * with the stack's settings overridden by `env`: a variable set to undefined is left out (a
   * rotation that replaces KEY_PEPPER by KEY_PEPPERS). Resolves with its URL once ready. Stopped by
   * stopReplica(name) or stopAll().
   */
  async spawnReplica(
    service: ServiceName,
    name: string,
    env: Record<string, string | undefined> = {},
  ): Promise<string> {
    const log = createWriteStream(join(this.options.logDir, `${name}.log`), { flags: 'a' });
    const port = env['PORT'] !== undefined ? Number(env['PORT']) : await freePort();
    const opsPort = env['OPS_PORT'] !== undefined ? Number(env['OPS_PORT']) : await freePort();
    const merged: Record<string, string | undefined> = {
      ...serviceEnv(this.options, service),
      PORT: String(port),
      OPS_PORT: String(opsPort),
      ...env,
    };
    const childEnv = Object.fromEntries(
      Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const child = spawn(process.execPath, [entry(service, 'main.js')], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    this.extraGateways.set(name, { child, opsPort, service, url });
    await waitFor(
      `${name} /readyz`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
        return (await fetch(`${this.opsUrl(name)}/readyz`)).status === 200;
      },
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 150 },
    );
    return url;
  }

  logFile(service: ServiceName): string {
    return join(this.options.logDir, `${service}.log`);
  }

  logs(service: ServiceName): string {
    try {
      return readFileSync(this.logFile(service), 'utf8');
    } catch {
      return '';
    }
  }

  async waitReady(service: ServiceName, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const child = this.processes.get(service);
    try {
      await waitFor(
        `${service} /readyz`,
        async () => {
          if (child && child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}`);
          const response = await fetch(`${this.opsUrl(service)}/readyz`);
          return response.status === 200;
        },
        { timeoutMs, intervalMs: 150 },
      );
    } catch (error) {
      throw new Error(`${String(error)}\n--- ${service} log ---\n${this.logs(service).slice(-4000)}`);
    }
  }

  /** Graceful stop (SIGTERM), or SIGKILL to simulate a crash. */
  async stop(
    service: ServiceName,
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 15_000,
  ): Promise<number | null> {
    return stopChild(this.processes.get(service), signal, timeoutMs);
  }

  /** Stops a gateway replica started by spawnGateway, as stop() does a service. */
  async stopGateway(name: string): Promise<void> {
    await this.stopReplica(name);
  }

  /** Stops a process started by spawnReplica (SIGTERM: a graceful stop, as a rolling update's); its exit code. */
  async stopReplica(name: string): Promise<number | null> {
    return stopChild(this.extraGateways.get(name)?.child, 'SIGTERM', 15_000);
  }

  async stopAll(): Promise<void> {
    // Gateways first, so nothing new comes in while the others drain.
    const replicas = [...this.extraGateways.entries()];
    const of = (gateway: boolean) =>
      replicas
        .filter(([, r]) => (r.service === 'gateway') === gateway)
        .map(([name]) => this.stopReplica(name));
    await Promise.all(of(true));
    await this.stop('gateway');
    await Promise.all([
      ...of(false),
      ...(['identity', 'data-api', 'audit'] as const).map((s) => this.stop(s)),
    ]);
  }
}

/** Sends `signal`, then SIGKILL if the process has not exited after `timeoutMs`; its exit code. */
async function stopChild(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<number | null> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}
