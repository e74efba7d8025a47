import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Gauge, register } from 'prom-client';

/** Something this process needs of itself to serve: a failing one makes /readyz answer 503. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** The dependencies whose health is exported (latchkey_dependency_up) and never gates readiness. */
export type DependencyName = 'postgres' | 'nats' | 'stream';

/** A dependency's health, sampled in the background. */
export interface DependencyCheck {
  name: DependencyName;
  check(): Promise<void>;
}

/** How often dependencies are sampled, and how long one sample may take. */
const DEPENDENCY_SAMPLE_MS = 5_000;
const CHECK_TIMEOUT_MS = 2_000;

function dependencyGauge(): Gauge<'dependency'> {
  return (
    (register.getSingleMetric('latchkey_dependency_up') as Gauge<'dependency'> | undefined) ??
    new Gauge({
      name: 'latchkey_dependency_up',
      help: 'Whether a dependency answered its last background check (1) or not (0); never gates readiness',
      labelNames: ['dependency'],
    })
  );
}

/**
 * What "ready" means for this process. Readiness is the process's own state only: not shutting
 * down, and every registered check passing (its NATS connection not closed for good, the
 * subscriptions it serves through alive, its schema current…). A dependency that is away (a NATS
 * node, a PostgreSQL failover) must not take every pod out of its Service at once — each keeps
 * serving what it can — so dependencies are sampled in the background and exported as the gauge
 * `latchkey_dependency_up{dependency}` for alerts, and listed in /readyz's body for humans.
 */
@Injectable()
export class HealthRegistry implements OnApplicationShutdown {
  private readonly checks: ReadinessCheck[] = [];
  private readonly dependencies: DependencyCheck[] = [];
  private readonly dependencyState = new Map<DependencyName, string>();
  private readonly gauge = dependencyGauge();
  private sampler: NodeJS.Timeout | undefined;
  private shuttingDown = false;

  /** A check that gates readiness (the process cannot serve while it fails). */
  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** A dependency sampled every few seconds into latchkey_dependency_up; it never gates readiness. */
  registerDependency(dependency: DependencyCheck): void {
    this.dependencies.push(dependency);
    void this.sample(dependency);
    if (!this.sampler) {
      this.sampler = setInterval(() => void this.sampleAll(), DEPENDENCY_SAMPLE_MS);
      this.sampler.unref();
    }
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  onApplicationShutdown(): void {
    this.markShuttingDown();
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = undefined;
  }

  /** Samples every dependency now (a test or a probe that wants a current picture). */
  async sampleAll(): Promise<void> {
    await Promise.all(this.dependencies.map((dependency) => this.sample(dependency)));
  }

  private async sample({ name, check }: DependencyCheck): Promise<void> {
    const result = await outcome(check);
    this.dependencyState.set(name, result);
    this.gauge.set({ dependency: name }, result === 'ok' ? 1 : 0);
  }

  async evaluate(): Promise<{
    ready: boolean;
    checks: Record<string, string>;
    dependencies: Record<string, string>;
  }> {
    const results: Record<string, string> = {};
    await Promise.all(
      this.checks.map(async ({ name, check }) => {
        results[name] = await outcome(check);
      }),
    );
    if (this.shuttingDown) results['shutdown'] = 'shutting down';
    const ready = !this.shuttingDown && Object.values(results).every((r) => r === 'ok');
    return { ready, checks: results, dependencies: Object.fromEntries(this.dependencyState) };
  }
}

/**
 * Readiness for a subscription the process serves through (a responder, an invalidation feed): a
 * NATS subscription survives reconnects, so one that is closed is gone for good and the process
 * no longer does that part of its work.
 */
export function subscriptionCheck(name: string, subscription: { isClosed(): boolean }): ReadinessCheck {
  return {
    name,
    check: async () => {
      if (subscription.isClosed()) throw new Error('subscription closed');
    },
  };
}

/** GET /healthz (the process answers) and GET /readyz (every readiness check passes), on the ops listener. */
export function installHealthRoutes(app: FastifyInstance, registry: HealthRegistry): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, checks, dependencies } = await registry.evaluate();
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks, dependencies };
  });
}

/** 'ok', or why the check failed (its message: checks never put secrets in theirs). */
async function outcome(check: () => Promise<void>): Promise<string> {
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : 'failed';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
