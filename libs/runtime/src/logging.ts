import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { FastifyServerOptions } from 'fastify';
import pino, { type Logger } from 'pino';

/**
 * The request being handled, for code that logs without the request at hand (Nest services and
 * their loggers). It follows awaits, but not callbacks of shared, long-lived resources: undici runs
 * a pooled connection's callbacks in the async context of the request that opened the connection,
 * so a line logged there would carry that request's id. Lines about a request are therefore written
 * with the request's own logger (`request.log`, bound to its id below); this context only fills in
 * lines of loggers that are not bound to a request.
 */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** The key of the request id on every log line (Fastify's requestIdLogLabel too). */
export const REQUEST_ID_LOG_KEY = 'request_id';

/** Marks a logger (and, through pino's prototype chain, its children) as bound to one request. */
const BOUND_TO_REQUEST = Symbol('latchkey.boundToRequest');

/**
 * Fastify's childLoggerFactory: the request's logger, bound to its id (and the client's request
 * id, when the client sent a well-formed one) once, when Fastify names the request.
 */
export function requestLoggerFactory(
  clientRequestIdOf: (raw: IncomingMessage) => string | undefined,
): NonNullable<FastifyServerOptions['childLoggerFactory']> {
  return (logger, bindings, options, raw) => {
    const clientRequestId = clientRequestIdOf(raw);
    const child = logger.child(
      clientRequestId === undefined ? bindings : { ...bindings, client_request_id: clientRequestId },
      options,
    );
    (child as typeof child & { [BOUND_TO_REQUEST]?: true })[BOUND_TO_REQUEST] = true;
    return child;
  };
}

/**
 * Values that must never reach a log line: credential headers, and a key's secret wherever a line
 * carries a body or an object with one (`secret`, as `POST /admin/keys/lookup` and the token
 * exchange take it; `api_key`). Request bodies are not logged (the `req` serializer keeps method,
 * path and address only); this holds should any code log one.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-secret-key"]',
  'req.headers["x-latchkey-principal"]',
  'req.headers["x-latchkey-forwarded"]',
  'req.headers.cookie',
  'secret',
  'api_key',
  '*.secret',
  '*.api_key',
  'req.body.secret',
  'req.body.api_key',
];

/** The service's logger; `destination` (default stdout) lets a test read the lines it writes. */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin(_line, _level, logger) {
      // A request's own logger carries its id already (and is right where the context is not).
      if ((logger as Logger & { [BOUND_TO_REQUEST]?: true })[BOUND_TO_REQUEST]) return {};
      const store = requestContext.getStore();
      return store ? { [REQUEST_ID_LOG_KEY]: store.requestId } : {};
    },
    serializers: {
      // The query string is dropped: credentials sent there (and refused) must not be logged.
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        ip: req.ip,
      }),
      err: pino.stdSerializers.err,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's logger interface on top of the service's pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
