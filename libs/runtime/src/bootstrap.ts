import type { IncomingMessage } from 'node:http';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Header } from '@latchkey/contracts';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { HealthRegistry } from './health';
import { answerClientError, answerFrameworkError, installBodyParsers, refuseBadUrl } from './http-edges';
import {
  createLogger,
  PinoNestLogger,
  REQUEST_ID_LOG_KEY,
  requestContext,
  requestLoggerFactory,
} from './logging';
import { installMetrics } from './metrics';
import { createOpsServer } from './ops-server';
import { ProblemExceptionFilter } from './problems';
import type { RequestIds } from './request-ids';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client's X-Request-Id when well-formed (see RequestIds); never the server's request id. */
    clientRequestId: string | undefined;
  }
}

export interface ServiceOptions {
  service: string;
  module: Type<unknown> | DynamicModule;
  config: {
    PORT: number;
    HOST: string;
    OPS_PORT: number;
    OPS_HOST: string;
    LOG_LEVEL: string;
    SHUTDOWN_TIMEOUT_MS: number;
  };
  /** Where this service's request ids come from (mintedRequestIds at the gateway, …). */
  requestIds: RequestIds;
  /** Maximum request body, bytes. */
  bodyLimit?: number;
  /** How long a client may take (ms); Node's and Fastify's defaults otherwise (see clientTimeouts). */
  clientTimeouts?: ClientTimeouts;
  /** Hook to add plain Fastify routes or microservice transports before listening. */
  beforeListen?: (
    app: NestFastifyApplication,
    fastify: FastifyInstance,
    logger: Logger,
  ) => Promise<void> | void;
}

/**
 * Starts a Latchkey service: Nest on Fastify, pino JSON logs with the request id on every line,
 * problem+json errors (from Node's HTTP parser and Fastify's router and body parsers too) and
 * graceful shutdown on PORT; /healthz, /readyz and /metrics on OPS_PORT.
 */
export async function startService(options: ServiceOptions): Promise<NestFastifyApplication> {
  const logger = createLogger(options.service, options.config.LOG_LEVEL);
  const { requestIds } = options;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: (req: IncomingMessage) => requestIds.requestId(req),
    requestIdLogLabel: REQUEST_ID_LOG_KEY,
    childLoggerFactory: requestLoggerFactory((raw) => requestIds.clientRequestId(raw)),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Handlers are fast; a request that still runs after this is a bug worth a 503, not a hang.
    return503OnClosing: true,
    ...(options.clientTimeouts ? clientTimeouts(options.clientTimeouts) : {}),
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    logger: new PinoNestLogger(logger),
    // The body parsers are ours (installBodyParsers): JSON within depth and size limits, no NUL.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  installBodyParsers(fastify);
  fastify.decorateRequest('clientRequestId', undefined);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(Header.RequestId, request.id);
    // Browsers must take every answer for the content type it states (a JSON body is never run as
    // a script or rendered as HTML): one constant header, cheaper than a security-header plugin here.
    reply.header('x-content-type-options', 'nosniff');
    const clientRequestId = requestIds.clientRequestId(request.raw);
    if (clientRequestId !== undefined) {
      request.clientRequestId = clientRequestId;
      reply.header(Header.ClientRequestId, clientRequestId);
    }
    // One hook for all: the NUL check is an indexOf, not worth a hook call of its own. The function
    // and its arguments go to run() as they are: no closure allocated per request.
    requestContext.run({ requestId: request.id }, refuseBadUrl, request, reply, done);
  });
  app.useGlobalFilters(new ProblemExceptionFilter());
  installMetrics(fastify, options.service);
  const health = app.get(HealthRegistry);
  const ops = createOpsServer({ health, logger });
  // Closed with the service (Nest closes Fastify on SIGTERM, after its own shutdown hooks), so the
  // probes keep answering — /readyz with 503 — while in-flight requests drain.
  fastify.addHook('onClose', async () => {
    await ops.close();
  });
  // Closing waits for every connection to end, and Node closes only the connections idle when the
  // close begins: a kept-alive connection whose request finishes later would hold the process
  // until the client's idle timeout (past the shutdown deadline). Close each one as it goes idle.
  fastify.addHook('preClose', (done) => {
    const closeIdle = setInterval(() => fastify.server.closeIdleConnections(), 100);
    fastify.server.once('close', () => clearInterval(closeIdle));
    done();
  });
  await options.beforeListen?.(app, fastify, logger);

  app.enableShutdownHooks();
  installShutdownDeadline(options.config.SHUTDOWN_TIMEOUT_MS, health, logger);
  await app.listen(options.config.PORT, options.config.HOST);
  // After the public port: a /readyz that answers means the service's port is open too.
  await ops.listen({ port: options.config.OPS_PORT, host: options.config.OPS_HOST });
  logger.info(
    { port: options.config.PORT, ops_port: options.config.OPS_PORT },
    `${options.service} listening`,
  );
  return app;
}

export interface ClientTimeouts {
  /** From a request's first byte to the end of its headers. */
  headersMs: number;
  /** From a request's first byte to the end of its body: a body sent a byte at a time ends here. */
  requestMs: number;
  /** An idle keep-alive connection between two requests. */
  keepAliveMs: number;
}

/**
 * Fastify options that bound how long a client can hold a connection without finishing a request.
 * Node's server enforces headersTimeout and requestTimeout (answering 408 and closing), checking its
 * connections every second rather than every 30 s; the socket inactivity timeout stays off, so a
 * long response (the audit live tail) is never cut.
 */
export function clientTimeouts(timeouts: ClientTimeouts) {
  return {
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
  };
}

/** Nest closes the app on SIGTERM/SIGINT; this makes sure a stuck close cannot hang forever. */
function installShutdownDeadline(timeoutMs: number, health: HealthRegistry, logger: Logger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      health.markShuttingDown();
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      setTimeout(() => {
        logger.error('graceful shutdown timed out, exiting');
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}
