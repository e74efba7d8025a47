import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  NotFoundException,
} from '@nestjs/common';
import { ErrorCode, PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from '@latchkey/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { isDatabaseUnavailable } from './bound-query';

/** Throw this from a handler to answer with a problem+json body of the given code. */
export class ProblemException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? code);
    this.name = 'ProblemException';
  }
}

/** At most this many field errors, each message at most this long: a refusal never echoes a whole body. */
const MAX_FIELD_ERRORS = 20;
const MAX_MESSAGE_LENGTH = 300;

const clip = (text: string) =>
  text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;

/** Parse untrusted input with a schema; the first problem names the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_FIELD_ERRORS).map((issue) => ({
    field: clip(issue.path.length > 0 ? issue.path.join('.') : where),
    message: clip(issue.message),
  }));
  const first = issues[0];
  throw new ProblemException(
    ErrorCode.InvalidRequest,
    first ? `${first.field}: ${first.message}` : `invalid ${where}`,
    { errors: issues },
  );
}

export function sendProblem(
  reply: FastifyReply,
  body: ProblemDetails,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply
    .code(body.status)
    .headers(headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...body, request_id: reply.request.id });
}

/** The code of each status a framework (Fastify, Node, Nest) answers on its own. */
const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.InvalidRequest,
  401: ErrorCode.InvalidToken,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  408: ErrorCode.RequestTimeout,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  414: ErrorCode.UriTooLong,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  431: ErrorCode.HeadersTooLarge,
};

/**
 * What the framework's refusals mean, in words that never echo the request (Fastify's messages
 * quote the URL or the content type): by Fastify error code, else by status.
 */
const FRAMEWORK_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_BAD_URL: 'the URL is not valid (a malformed percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'a segment of the path is too long',
};
const STATUS_DETAILS: Partial<Record<number, string>> = {
  408: 'the request was not received in time',
  413: 'request body is too large',
  414: 'the URL is too long',
  415: 'the content type is not one this route accepts (application/json)',
  431: 'the request headers are too large',
};

/** A problem for an HTTP status the framework decided, with its code (or `invalid_request` for other 4xx). */
export function problemForStatus(status: number, detail = STATUS_DETAILS[status]): ProblemDetails {
  const code = CODE_FOR_STATUS[status];
  if (code !== undefined) return problem(code, detail);
  if (status >= 500) return problem(ErrorCode.Internal, 'an unexpected error occurred');
  return { ...problem(ErrorCode.InvalidRequest, detail), status };
}

/**
 * The problem for a refusal Fastify raised before a handler ran (content type, body, URL), or
 * undefined when the error is not a client's fault.
 */
export function problemForFrameworkError(error: unknown): ProblemDetails | undefined {
  const { statusCode, code, message } = (error ?? {}) as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
  };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const detail =
    (typeof code === 'string' ? FRAMEWORK_DETAILS[code] : undefined) ??
    STATUS_DETAILS[statusCode] ??
    (typeof message === 'string' ? clip(message) : undefined);
  return problemForStatus(statusCode, detail);
}

/** Methods worth offering in `Allow`: those the services route (HEAD follows GET). */
const ROUTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The methods this server serves `url`'s path with (for `Allow`); empty when no route has the path. */
export function allowedMethods(server: FastifyInstance, url: string): string[] {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return ROUTED_METHODS.filter((method) => server.findRoute({ method, url: path }) !== null);
}

/** 405 with `Allow`, for a path this server knows under other methods. */
export function sendMethodNotAllowed(
  reply: FastifyReply,
  method: string,
  allowed: readonly string[],
): FastifyReply {
  return sendProblem(
    reply,
    problem(ErrorCode.MethodNotAllowed, `${method} is not allowed here; allowed: ${allowed.join(', ')}`),
    { allow: allowed.join(', ') },
  );
}

/** How long a client is asked to wait after a 503 for an unreachable database (a failover takes seconds). */
const DATABASE_RETRY_AFTER_SECONDS = '5';

/**
 * 503: the service could not reach its database. As a 504 (ADR 0005), the contract's code is
 * `upstream_unavailable` — the database is this service's upstream; the status says "try again".
 */
export function databaseUnavailableProblem(): ProblemDetails {
  return {
    ...problem(ErrorCode.UpstreamUnavailable, 'the database is unavailable; try again shortly'),
    status: 503,
    title: 'Service unavailable',
  };
}

/** Every error a service answers is RFC 9457 problem+json with a `code` and the request id. */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (exception instanceof ProblemException) {
      sendProblem(reply, problem(exception.code, exception.detail, exception.extensions), exception.headers);
      return;
    }
    // No route for this method and path: a known path under another method is 405, not 404.
    if (exception instanceof NotFoundException && request.is404) {
      const allowed = allowedMethods(request.server, request.url);
      if (allowed.length > 0) sendMethodNotAllowed(reply, request.method, allowed);
      else sendProblem(reply, problem(ErrorCode.NotFound, 'no such route'));
      return;
    }
    // Nest hands Fastify's own refusals (content type, body size) over as an HttpException.
    const refusal = problemForFrameworkError(
      exception instanceof HttpException
        ? { statusCode: exception.getStatus(), message: exception.message }
        : exception,
    );
    if (refusal) {
      sendProblem(reply, refusal);
      return;
    }
    // The database is away (a failover, a cut connection): the service is fine and says so with a
    // 503 the client may retry, not a 500 that reads as a bug. The cause is logged once, briefly.
    if (isDatabaseUnavailable(exception)) {
      request.log.warn(
        { err: { message: exception instanceof Error ? exception.message : String(exception) } },
        'database unavailable',
      );
      sendProblem(reply, databaseUnavailableProblem(), { 'retry-after': DATABASE_RETRY_AFTER_SECONDS });
      return;
    }
    // The request's own logger: the line carries this request's id wherever the error surfaced.
    request.log.error({ err: exception }, 'unexpected error');
    sendProblem(reply, problem(ErrorCode.Internal, 'an unexpected error occurred'));
  }
}
