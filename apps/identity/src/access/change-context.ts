import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { ChangeContext } from '@latchkey/contracts';
import type { AuthenticatedUser } from './authenticated-user';
import { clientContextOf } from './client-context';

/**
 * Who is making this change and from where: the signed-in user, and the client address and request
 * ids as the gateway's forwarding assertion states them (clientContextOf).
 */
export const ChangeContextOf = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ChangeContext => {
    const request = context.switchToHttp().getRequest<{
      raw: IncomingMessage;
      id: string;
      ip: string;
      user?: AuthenticatedUser;
    }>();
    const client = clientContextOf(request);
    return {
      actor: request.user ? { type: 'user', id: request.user.id } : { type: 'system', id: 'anonymous' },
      request_id: client.request_id,
      ...(client.client_request_id !== undefined ? { client_request_id: client.client_request_id } : {}),
      client_ip: client.client_ip,
    };
  },
);
