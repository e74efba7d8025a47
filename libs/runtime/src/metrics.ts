import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';

let defaultsCollected = false;

/**
 * Default process metrics plus an HTTP latency histogram of the requests `app` (the public
 * listener) serves. The registry is served by registerMetricsRoute on the ops listener.
 */
export function installMetrics(app: FastifyInstance, service: string): void {
  if (!defaultsCollected) {
    collectDefaultMetrics({ labels: { service } });
    defaultsCollected = true;
  }
  const httpDuration =
    (register.getSingleMetric('http_request_duration_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });

  // Callback style: an async hook would cost a promise, its adoption and a microtask per request.
  app.addHook('onResponse', (request, reply, done) => {
    httpDuration.observe(
      {
        method: request.method,
        // The route pattern, never the raw URL: ids in paths would explode label cardinality.
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** GET /metrics: Prometheus text of the process's registry (ops listener only). */
export function registerMetricsRoute(ops: FastifyInstance): void {
  ops.get('/metrics', async (_request, reply) => {
    reply.header('content-type', register.contentType);
    return register.metrics();
  });
}
