import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeyAuthenticator, type NatsConnection } from '@nats-io/nats-core';
import { createUser, fromSeed } from '@nats-io/nkeys';
import { connect } from '@nats-io/transport-node';
import {
  BUS_USERS,
  inboxPrefixOf,
  renderNatsAuthorization,
  seedVariableOf,
  type BusLayout,
  type BusUser,
} from '@latchkey/contracts';
import { freePort, waitFor } from './ports';

const NATS_SERVER_BINARY = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';

/** Each user's seeds, newest first: a user being rotated has two, both accepted by the server. */
export type BusSeeds = Record<BusUser, string[]>;

/** The seeds of `secrets` (generateDeploymentSecrets' NATS_SEED_<USER>), or fresh ones. */
export function busSeedsFrom(secrets: Record<string, string> = {}): BusSeeds {
  return Object.fromEntries(
    BUS_USERS.map((user) => [
      user,
      [secrets[seedVariableOf(user)] ?? new TextDecoder().decode(createUser().getSeed())],
    ]),
  ) as BusSeeds;
}

export function publicKeyOf(seed: string): string {
  return fromSeed(new TextEncoder().encode(seed)).getPublicKey();
}

/**
 * The nats-server configuration a deployment runs (the project's `authorization`, rendered from
 * the contracts), with the given seeds' public keys inline and a user listed once per key it holds.
 */
export function natsServerConfig(
  layout: BusLayout,
  seeds: BusSeeds,
  server: {
    port: number;
    storeDir: string;
    open?: boolean;
    /** A node of a cluster: its name, its route port and every node's route port. */
    cluster?: { serverName: string; name: string; routePort: number; routePorts: number[] };
  },
): string {
  const keys = () =>
    Object.fromEntries(BUS_USERS.map((user) => [user, seeds[user].map(publicKeyOf)])) as Record<
      BusUser,
      string[]
    >;
  const cluster = server.cluster;
  return [
    ...(cluster ? [`server_name: ${cluster.serverName}`] : []),
    `listen: 127.0.0.1:${server.port}`,
    `jetstream { store_dir: ${JSON.stringify(server.storeDir)} }`,
    ...(cluster
      ? [
          `cluster { name: ${cluster.name}, listen: 127.0.0.1:${cluster.routePort}, routes: [${cluster.routePorts
            .map((port) => `nats-route://127.0.0.1:${port}`)
            .join(', ')}] }`,
        ]
      : []),
    ...(server.open ? [] : [renderNatsAuthorization(layout, keys())]),
  ].join('\n');
}

/**
 * A private nats-server with JetStream, running the project's authorization (nkey users with the
 * permissions of libs/contracts' bus-permissions): tests reach it only with a user's credentials,
 * as the services do. Restarts keep the same port, store directory and keys.
 */
export class PrivateNatsServer {
  private process: ChildProcess | undefined;
  private readonly configFile: string;

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    readonly layout: BusLayout,
    /** Each user's accepted seeds; the first is the one `credentials()` and `connect()` use. */
    readonly seeds: BusSeeds,
    /** No authorization at all: only for comparing with a release from before the bus had users. */
    private readonly open = false,
  ) {
    this.configFile = join(storeDir, 'nats.conf');
  }

  static async start(
    layout: BusLayout,
    secrets?: Record<string, string>,
    { open = false }: { open?: boolean } = {},
  ): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'latchkey-nats-')),
      layout,
      busSeedsFrom(secrets),
      open,
    );
    server.writeConfig();
    await server.resume();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** The server process's id while it runs (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** NATS_NKEY_SEED of a user (its current seed). */
  seedOf(user: BusUser): string {
    return this.seeds[user][0]!;
  }

  /** A client connection as `user` (no reconnect: a test sees a refusal as it happens). */
  connect(user: BusUser, seed = this.seedOf(user)): Promise<NatsConnection> {
    return connect({
      servers: this.url,
      name: `test-${user}`,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)),
      inboxPrefix: inboxPrefixOf(user),
      maxReconnectAttempts: 0,
      // A busy two-core runner can take longer than the client's 20 s default to finish a dial.
      timeout: 60_000,
    });
  }

  /** A client with no credentials at all. */
  connectAnonymously(): Promise<NatsConnection> {
    return connect({ servers: this.url, maxReconnectAttempts: 0 });
  }

  /** Replace the accepted seeds of users and have the running server reload its configuration. */
  async setSeeds(seeds: Partial<BusSeeds>): Promise<void> {
    Object.assign(this.seeds, seeds);
    this.writeConfig();
    this.process?.kill('SIGHUP');
    // nats-server applies a reload synchronously on the signal; give it a moment to finish.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  private writeConfig(): void {
    writeFileSync(
      this.configFile,
      natsServerConfig(this.layout, this.seeds, {
        port: this.port,
        storeDir: join(this.storeDir, 'js'),
        open: this.open,
      }),
      { mode: 0o600 },
    );
  }

  async resume(): Promise<void> {
    this.process = spawn(NATS_SERVER_BINARY, ['-c', this.configFile], { stdio: 'ignore' });
    await waitFor(`nats-server on ${this.port}`, () => canConnect(this.port), { timeoutMs: 10_000 });
  }

  async halt(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.process = undefined;
  }

  /** Stops the server and deletes its store. */
  async remove(): Promise<void> {
    await this.halt();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
