import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { nkeyAuthenticator } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { inboxPrefixOf, type BusLayout } from '@latchkey/contracts';
import { busSeedsFrom, canConnect, natsServerConfig, type BusSeeds } from './nats-server';
import { freePort, waitFor } from './ports';

const NATS_SERVER_BINARY = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';

/** One node of the cluster: its client port and its configuration file. */
interface ClusterNode {
  port: number;
  configFile: string;
  process: ChildProcess | undefined;
}

/**
 * A private JetStream cluster of `size` nats-server processes routed to each other, the shape of the
 * production StatefulSet (k8s/overlays/prod/nats-cluster.yaml). With a `layout`, every node runs the
 * project's authorization (natsServerConfig, as PrivateNatsServer), so a whole stack can run on it;
 * without, it is open (tests of replicated streams alone). Nodes can be stopped and started again
 * with the same port and store, one at a time or all together.
 */
export class PrivateNatsCluster {
  private constructor(
    private readonly nodes: ClusterNode[],
    private readonly dir: string,
    /** Each user's seeds (authorized clusters only); a user's first is the one it connects with. */
    readonly seeds: BusSeeds | undefined,
  ) {}

  static async start(
    size = 3,
    { layout, secrets }: { layout?: BusLayout; secrets?: Record<string, string> } = {},
  ): Promise<PrivateNatsCluster> {
    const ports: number[] = [];
    const routes: number[] = [];
    for (let i = 0; i < size; i++) {
      ports.push(await freePort());
      routes.push(await freePort());
    }
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-nats-cluster-'));
    const seeds = layout ? busSeedsFrom(secrets) : undefined;
    const nodes = ports.map((port, i): ClusterNode => {
      const configFile = join(dir, `n${i}.conf`);
      const cluster = { serverName: `n${i}`, name: 'lktest', routePort: routes[i] ?? 0, routePorts: routes };
      const storeDir = join(dir, `n${i}`);
      writeFileSync(
        configFile,
        layout && seeds
          ? natsServerConfig(layout, seeds, { port, storeDir, cluster })
          : natsServerConfig({ stream: '', subjectPrefix: '', auditConsumer: '' }, {} as BusSeeds, {
              port,
              storeDir,
              open: true,
              cluster,
            }),
        { mode: 0o600 },
      );
      return { port, configFile, process: undefined };
    });
    const cluster = new PrivateNatsCluster(nodes, dir, seeds);
    for (let i = 0; i < size; i++) cluster.spawn(i);
    await cluster.waitJetStream();
    return cluster;
  }

  get ports(): number[] {
    return this.nodes.map((node) => node.port);
  }

  /** Every node, for a client that should fail over between them. */
  get url(): string {
    return this.ports.map((port) => `nats://127.0.0.1:${port}`).join(',');
  }

  /** Stops node `i` (SIGKILL: a node that dies, not one that leaves in order). */
  async kill(i: number): Promise<void> {
    await this.halt(i, 'SIGKILL');
  }

  /** Starts node `i` again on its port and store, and waits until it accepts connections. */
  async restart(i: number): Promise<void> {
    this.spawn(i);
    const node = this.node(i);
    await waitFor(`nats node ${i} on ${node.port}`, () => canConnect(node.port), { timeoutMs: 30_000 });
  }

  /** Stops every node. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((_node, i) => this.halt(i, 'SIGTERM')));
  }

  /** Starts every node again and waits for JetStream to elect its leaders. */
  async resume(): Promise<void> {
    this.nodes.forEach((_node, i) => this.spawn(i));
    await this.waitJetStream();
  }

  /** Stops every node and deletes the stores. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private node(i: number): ClusterNode {
    const node = this.nodes[i];
    if (!node) throw new Error(`no node ${i} in a cluster of ${this.nodes.length}`);
    return node;
  }

  private spawn(i: number): void {
    const node = this.node(i);
    node.process = spawn(NATS_SERVER_BINARY, ['-c', node.configFile], { stdio: 'ignore' });
  }

  private async halt(i: number, signal: NodeJS.Signals): Promise<void> {
    const node = this.node(i);
    const child = node.process;
    node.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Ready when JetStream answers with a meta leader elected (a stream can be placed on 3 peers). */
  private async waitJetStream(): Promise<void> {
    await waitFor('a JetStream cluster with a meta leader', () => this.jetStreamReady(), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
  }

  /** The index of the node leading `stream` (the node whose loss forces an election). */
  async streamLeader(stream: string): Promise<number> {
    const nc = await this.connectAsOperator();
    try {
      const info = await (await jetstreamManager(nc)).streams.info(stream);
      const leader = info.cluster?.leader ?? '';
      const index = Number(/^n(\d+)$/.exec(leader)?.[1] ?? NaN);
      if (!Number.isInteger(index)) throw new Error(`stream ${stream} has no leader (${leader})`);
      return index;
    } finally {
      await nc.close();
    }
  }

  private async jetStreamReady(): Promise<boolean> {
    const nc = await this.connectAsOperator();
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.getAccountInfo();
      return info !== undefined;
    } finally {
      await nc.close();
    }
  }

  /** A connection as the operator (authorized clusters) or anonymous (open ones). */
  private connectAsOperator() {
    const seed = this.seeds?.operator[0];
    return connect({
      servers: this.url.split(','),
      timeout: 1000,
      ...(seed
        ? {
            authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)),
            inboxPrefix: inboxPrefixOf('operator'),
          }
        : {}),
    });
  }
}
