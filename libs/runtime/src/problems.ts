import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { ErrorCode, PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from '@latchkey/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

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

/** Parse untrusted input with a schema; the first problem names the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : where,
    message: issue.message,
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

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.InvalidRequest,
  401: ErrorCode.InvalidToken,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
};

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
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        HTTP_STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.InvalidRequest);
      sendProblem(reply, { ...problem(code, exception.message), status });
      return;
    }
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      sendProblem(reply, problem(ErrorCode.PayloadTooLarge, 'request body is too large'));
      return;
    }
    if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
      sendProblem(reply, {
        ...problem(ErrorCode.InvalidRequest, fastifyError.message),
        status: fastifyError.statusCode,
      });
      return;
    }
    // The request's own logger: the line carries this request's id wherever the error surfaced.
    request.log.error({ err: exception }, 'unexpected error');
    sendProblem(reply, problem(ErrorCode.Internal, 'an unexpected error occurred'));
  }
}
