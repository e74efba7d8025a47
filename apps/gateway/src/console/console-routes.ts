import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, problem } from '@latchkey/contracts';
import { sendProblem } from '@latchkey/runtime';

/**
 * The console's security headers. The CSP is what the built console (apps/console/dist: one module
 * script and one stylesheet from /console/assets, calls to the gateway's own origin, an empty data:
 * favicon) needs and nothing more: no inline script or style, no eval, no other origin, never framed
 * (clickjacking a revoke button), no <base> or plugin tricks. No HSTS here: TLS ends in front of the
 * gateway, which decides it for the whole host. No upgrade-insecure-requests: a deployment may serve
 * the console over plain HTTP on a private network or localhost.
 */
export const CONSOLE_SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      manifestSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false,
};

/**
 * Serves the admin console's built files under /console when they exist, with the SPA fallback
 * (any /console/... path that is not a file gets index.html, so deep links work), each with the
 * console's security headers (CONSOLE_SECURITY_HEADERS; the API routes are not in this scope).
 */
export async function registerConsoleRoutes(fastify: FastifyInstance, consoleDir: string): Promise<void> {
  const built = existsSync(join(consoleDir, 'index.html'));
  await fastify.register(async (scope) => {
    await scope.register(fastifyHelmet, CONSOLE_SECURITY_HEADERS);
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
