import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { buildProductDocument } from './product-openapi';

const ASSETS = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'application/javascript; charset=utf-8'],
]);

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Latchkey API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

/**
 * GET /docs (Swagger UI) and GET /docs/openapi.json (the product document), public. The document
 * is built once, from the route declarations, when the routes are registered: it does not depend
 * on any service being up.
 */
export function registerDocsRoutes(fastify: FastifyInstance): void {
  const assetDir = getAbsoluteFSPath();
  const document = buildProductDocument();

  fastify.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  fastify.get('/docs/openapi.json', async () => document);
  fastify.get<{ Params: { file: string } }>('/docs/assets/:file', async (req, reply) => {
    const type = ASSETS.get(req.params.file);
    if (!type) return reply.code(404).send();
    return reply
      .type(type)
      .header('cache-control', 'public, max-age=86400')
      .send(await readFile(join(assetDir, req.params.file)));
  });
}
