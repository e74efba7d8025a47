import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, problem } from '@latchkey/contracts';
import { sendProblem } from '@latchkey/runtime';

/**
 * Serves the admin console's built files under /console when they exist, with the SPA fallback
 * (any /console/... path that is not a file gets index.html, so deep links work).
 */
export async function registerConsoleRoutes(fastify: FastifyInstance, consoleDir: string): Promise<void> {
  const built = existsSync(join(consoleDir, 'index.html'));
  await fastify.register(async (scope) => {
    if (!built) {
      scope.get('/console', async (_request, reply) =>
        sendProblem(reply, problem(ErrorCode.NotFound, 'the console is not built')),
      );
      scope.get('/console/*', async (_request, reply) =>
        sendProblem(reply, problem(ErrorCode.NotFound, 'the console is not built')),
      );
      return;
    }
    await scope.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/console/',
      wildcard: false,
      index: 'index.html',
    });
    scope.get('/console', async (_request, reply) => reply.redirect('/console/', 302));
    scope.get('/console/*', async (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html', consoleDir),
    );
  });
}
