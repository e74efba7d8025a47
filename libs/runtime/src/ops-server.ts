import { ErrorCode, problem } from '@latchkey/contracts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type HealthRegistry, installHealthRoutes } from './health';
import { registerMetricsRoute } from './metrics';
import { sendProblem } from './problems';

export interface OpsServerOptions {
  health: HealthRegistry;
  logger: Logger;
}

/**
 * The ops listener: /healthz, /readyz and /metrics on a port of their own (OPS_PORT), never on the
 * public one. Process metrics, dependency state and route names are for operators; on the public
 * port anyone who can reach the gateway could read them, and a scrape or probe would compete with
 * API traffic for the same connection limits. Kept to a plain Fastify instance: no Nest, no hooks.
 */
export function createOpsServer({ health, logger }: OpsServerOptions): FastifyInstance {
  const ops: FastifyInstance = Fastify({
    loggerInstance: logger.child({ listener: 'ops' }) as FastifyBaseLogger,
    // Probes every few seconds and scrapes would drown the service's own request log.
    disableRequestLogging: true,
  });
  installHealthRoutes(ops, health);
  registerMetricsRoute(ops);
  ops.setNotFoundHandler((_request, reply) =>
    sendProblem(reply, problem(ErrorCode.NotFound, 'no such route')),
  );
  return ops;
}
