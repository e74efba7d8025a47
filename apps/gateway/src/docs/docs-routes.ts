import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { request } from 'undici';
import { buildProductDocument, type OpenApiDocument } from './product-openapi';

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

/** A service's own document (GET /openapi.json on its internal port), or undefined while it is unreachable. */
async function fetchDocument(baseUrl: string): Promise<OpenApiDocument | undefined> {
  try {
    const response = await request(new URL('/openapi.json', baseUrl), {
      headersTimeout: 2000,
      bodyTimeout: 2000,
    });
    if (response.statusCode === 200) return (await response.body.json()) as OpenApiDocument;
    await response.body.dump();
  } catch {
    // unreachable: the document is built without it and not cached
  }
  return undefined;
}

/** GET /docs (Swagger UI) and GET /docs/openapi.json (the product document), public. */
export function registerDocsRoutes(
  fastify: FastifyInstance,
  upstreams: { identity: string; dataApi: string; audit: string },
): void {
  const assetDir = getAbsoluteFSPath();
  let cached: { at: number; body: unknown } | undefined;

  fastify.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  fastify.get('/docs/openapi.json', async () => {
    if (cached && Date.now() - cached.at < 60_000) return cached.body;
    const [identity, dataApi, audit] = await Promise.all(
      [upstreams.identity, upstreams.dataApi, upstreams.audit].map(fetchDocument),
    );
    const body = buildProductDocument(identity, [dataApi, audit]);
    if (identity && dataApi && audit) cached = { at: Date.now(), body };
    return body;
  });
  fastify.get<{ Params: { file: string } }>('/docs/assets/:file', async (req, reply) => {
    const type = ASSETS.get(req.params.file);
    if (!type) return reply.code(404).send();
    return reply
      .type(type)
      .header('cache-control', 'public, max-age=86400')
      .send(await readFile(join(assetDir, req.params.file)));
  });
}
