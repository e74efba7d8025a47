import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, waitFor } from './ports';

const NATS_SERVER_BINARY = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';

/**
 * A private JetStream cluster of `size` nats-server processes routed to each other, the shape of the
 * production StatefulSet (k8s/overlays/prod/nats-cluster.yaml), for tests of replicated streams.
 */
export class PrivateNatsCluster {
  private readonly processes: ChildProcess[] = [];

  private constructor(readonly ports: number[]) {}

  static async start(size = 3): Promise<PrivateNatsCluster> {
    const ports: number[] = [];
    const routes: number[] = [];
    for (let i = 0; i < size; i++) {
      ports.push(await freePort());
      routes.push(await freePort());
    }
    const cluster = new PrivateNatsCluster(ports);
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-nats-cluster-'));
    const routeList = routes.map((port) => `nats-route://127.0.0.1:${port}`).join(', ');
    for (let i = 0; i < size; i++) {
      const conf = join(dir, `n${i}.conf`);
      writeFileSync(
        conf,
        [
          `server_name: n${i}`,
          `listen: 127.0.0.1:${ports[i]}`,
          `jetstream { store_dir: "${join(dir, `n${i}`)}" }`,
          `cluster { name: lktest, listen: 127.0.0.1:${routes[i]}, routes: [${routeList}] }`,
        ].join('\n'),
      );
      cluster.processes.push(spawn(NATS_SERVER_BINARY, ['-c', conf], { stdio: 'ignore' }));
    }
    // Ready when JetStream answers with a leader elected (a stream can then be placed on 3 peers).
    await waitFor('a JetStream cluster with a meta leader', () => cluster.jetStreamReady(), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    return cluster;
  }

  /** Every node, for a client that should fail over between them. */
  get url(): string {
    return this.ports.map((port) => `nats://127.0.0.1:${port}`).join(',');
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map((child) => {
        if (child.exitCode !== null) return Promise.resolve();
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        return exited;
      }),
    );
  }

  private async jetStreamReady(): Promise<boolean> {
    const nc = await connect({ servers: this.url.split(','), timeout: 1000 });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.getAccountInfo();
      return info !== undefined;
    } finally {
      await nc.close();
    }
  }
}
