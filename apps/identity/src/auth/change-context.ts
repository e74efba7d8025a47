import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ChangeContext } from '@latchkey/contracts';
import type { AuthenticatedUser } from './bearer.strategy';

/**
 * Who is making this change and from where: the signed-in user, the request id and the client IP
 * (the gateway sets X-Forwarded-For to the client address it decided on).
 */
export const ChangeContextOf = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ChangeContext => {
    const request = context.switchToHttp().getRequest<{
      id: string;
      ip: string;
      user?: AuthenticatedUser;
      headers: Record<string, string | string[] | undefined>;
    }>();
    const forwarded = request.headers['x-forwarded-for'];
    const clientIp =
      (typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined) || request.ip;
    return {
      actor: request.user ? { type: 'user', id: request.user.id } : { type: 'system', id: 'anonymous' },
      request_id: request.id,
      client_ip: clientIp,
    };
  },
);
