import Fastify from 'fastify';
import { register } from 'prom-client';
import { HealthRegistry, installHealthRoutes, subscriptionCheck } from './health';

async function readyz(registry: HealthRegistry): Promise<{ status: number; body: Record<string, unknown> }> {
  const app = Fastify();
  installHealthRoutes(app, registry);
  const response = await app.inject({ method: 'GET', url: '/readyz' });
  await app.close();
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

async function gauge(dependency: string): Promise<number | undefined> {
  const metric = await register.getSingleMetric('latchkey_dependency_up')?.get();
  return metric?.values.find((v) => v.labels['dependency'] === dependency)?.value;
}

describe('readiness is the process own state; dependencies are a gauge', () => {
  it('a dependency that is down is reported, in the gauge and the body, and does not gate /readyz', async () => {
    const health = new HealthRegistry();
    let up = true;
    health.registerDependency({
      name: 'postgres',
      check: async () => {
        if (!up) throw new Error('connect ECONNREFUSED');
      },
    });
    await health.sampleAll();
    expect(await gauge('postgres')).toBe(1);
    up = false;
    await health.sampleAll();
    expect(await gauge('postgres')).toBe(0);
    const ready = await readyz(health);
    expect(ready.status).toBe(200);
    expect(ready.body['dependencies']).toEqual({ postgres: 'connect ECONNREFUSED' });
    health.onApplicationShutdown();
  });

  it('a registered check gates readiness, and so does shutting down', async () => {
    const health = new HealthRegistry();
    let current = true;
    health.register({
      name: 'schema',
      check: async () => {
        if (!current) throw new Error('schema behind');
      },
    });
    expect((await readyz(health)).status).toBe(200);
    current = false;
    const unready = await readyz(health);
    expect(unready.status).toBe(503);
    expect(unready.body['checks']).toEqual({ schema: 'schema behind' });
    current = true;
    health.markShuttingDown();
    expect((await readyz(health)).status).toBe(503);
  });

  it('a closed subscription makes the process not ready', async () => {
    const health = new HealthRegistry();
    let closed = false;
    health.register(subscriptionCheck('key_invalidations', { isClosed: () => closed }));
    expect((await readyz(health)).status).toBe(200);
    closed = true;
    const unready = await readyz(health);
    expect(unready.status).toBe(503);
    expect(unready.body['checks']).toEqual({ key_invalidations: 'subscription closed' });
  });
});
