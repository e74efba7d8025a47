import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { DATA_API_ROUTES, IDENTITY_ROUTES } from '@latchkey/api-routes';
import type { Route } from '@latchkey/contracts';
import { openApiOperationOf, openApiPathOf } from '@latchkey/runtime';
import { REPO_ROOT, type ServiceName } from '@latchkey/testing';
import type { OpenApiDocument } from '../../apps/gateway/src/docs';
import { type BuiltDocument, buildServiceDocuments, type ServiceDocuments } from './product-document';

/**
 * Every service's OpenAPI document and the gateway's merged one, built in-process from the very
 * controllers and builders the services serve them from (product-document.ts), checked by
 * third-party validators and against the routes each app registers with Fastify.
 */

const run = promisify(execFile);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Built = BuiltDocument;
type Operation = Record<string, unknown>;

let built: ServiceDocuments;
let identity: Built;
let dataApi: Built;
let audit: Built;
let gateway: Built;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'latchkey-openapi-'));
  built = await buildServiceDocuments();
  ({ identity, 'data-api': dataApi, audit, gateway } = built);
}, 60_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const documents = () => built as Record<ServiceName, Built>;
const SERVICES_DOCUMENTED: ServiceName[] = ['identity', 'data-api', 'audit', 'gateway'];

/** Each documented operation as `METHOD /path` (`{param}` → `:param`, as Fastify writes it). */
function operationsOf(document: OpenApiDocument): Set<string> {
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      if (item[method]) operations.add(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
    }
  }
  return operations;
}

/** Does a registered route (`/v1/:resource`, `/v1/*`) serve this concrete operation? */
function serves(route: string, operation: string): boolean {
  const pattern = route
    .split(/(:[A-Za-z_]+|\*)/)
    .map((part) =>
      part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}$`).test(operation.replace(/:([A-Za-z_]+)/g, 'x'));
}

describe.each(SERVICES_DOCUMENTED)('the OpenAPI document of %s', (service) => {
  it('declares OpenAPI 3.1 and validates with swagger-parser', async () => {
    const { document } = documents()[service];
    expect(document.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents a success answer and only problem+json failures for every operation', () => {
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(documents()[service].document.paths)) {
      for (const method of METHODS) {
        const responses = (item[method] as { responses?: Record<string, { content?: object }> } | undefined)
          ?.responses;
        if (!responses) continue;
        if (!Object.keys(responses).some((status) => status.startsWith('2')))
          wrong.push(`${method} ${path}: no success`);
        for (const [status, response] of Object.entries(responses)) {
          if (
            /^[45]/.test(status) &&
            !Object.keys(response.content ?? {}).includes('application/problem+json')
          )
            wrong.push(`${method} ${path}: ${status} is not a problem`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("passes Spectral's OpenAPI ruleset with no error", async () => {
    const file = join(workDir, `${service}.json`);
    await writeFile(file, JSON.stringify(documents()[service].document));
    const spectral = join(REPO_ROOT, 'node_modules', '.bin', 'spectral');
    const ruleset = join(REPO_ROOT, 'tools', 'docs', '.spectral.yaml');
    // Exit status 1 on an error (warnings do not fail); the findings go to the failure message.
    const result = await run(spectral, [
      'lint',
      '--ruleset',
      ruleset,
      '--format',
      'text',
      '--fail-severity',
      'error',
      '--display-only-failures',
      file,
    ]).then(
      ({ stdout }) => ({ failed: false, stdout }),
      (error: { stdout?: string; stderr?: string }) => ({
        failed: true,
        stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(result.failed ? result.stdout : '').toBe('');
  }, 60_000);
});

describe.each([
  ['identity', IDENTITY_ROUTES],
  ['data-api', DATA_API_ROUTES],
] as [ServiceName, readonly Route[]][])('the document of %s', (service, routes) => {
  it('has one operation per declared route, each built from its declaration', () => {
    const { document } = documents()[service];
    expect([...operationsOf(document)].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const operation = document.paths[openApiPathOf(route.path)]?.[route.method.toLowerCase()];
      expect(operation).toEqual(openApiOperationOf(route));
    }
  });
});

describe.each(['identity', 'data-api', 'audit'] as ServiceName[])('the routes %s serves', (service) => {
  it('are each documented, and each documented operation is served', () => {
    const { document, routes } = documents()[service];
    const operations = operationsOf(document);
    // The service's own document route is how the gateway builds the product document, not API.
    const served = [...routes].filter((route) => route !== 'GET /openapi.json');
    const undocumented = served.filter((route) => ![...operations].some((op) => serves(route, op)));
    const unserved = [...operations].filter((op) => !served.some((route) => serves(route, op)));
    expect({ undocumented, unserved }).toEqual({ undocumented: [], unserved: [] });
  });
});

describe('audit’s streamed answers', () => {
  const contentOf = (document: OpenApiDocument, path: string) =>
    (document.paths[path]?.['get'] as { responses: Record<string, { content?: Record<string, Operation> }> })
      .responses['200']?.content ?? {};

  it.each([
    ['/audit/events/export', ['application/x-ndjson', 'text/csv']],
    ['/audit/events/stream', ['text/event-stream']],
  ])('documents %s as its media types, each item an audit event, in both documents', (path, types) => {
    for (const document of [audit.document, gateway.document]) {
      const content = contentOf(document, path);
      expect(Object.keys(content)).toEqual(types);
      for (const media of Object.values(content)) {
        expect(media['schema']).toMatchObject({ type: 'string' });
        const item = media['x-item-schema'] as { properties: Record<string, unknown> };
        expect(Object.keys(item.properties)).toEqual(expect.arrayContaining(['id', 'seq', 'type', 'data']));
      }
    }
  });
});

describe('the gateway’s merged document', () => {
  it('declares a request body on every write, but those that read none', () => {
    const withoutBody = [...operationsOf(gateway.document)].filter((op) => {
      const [method, path] = op.split(' ') as [string, string];
      const item = gateway.document.paths[path.replace(/:([A-Za-z_]+)/g, '{$1}')] ?? {};
      return (
        ['POST', 'PUT', 'PATCH'].includes(method) && !(item[method.toLowerCase()] as Operation)['requestBody']
      );
    });
    // Their handlers take nothing but the path: the key, connection, endpoint or delivery named is
    // the whole request.
    expect(withoutBody.sort()).toEqual([
      'POST /admin/keys/:id/enable',
      'POST /admin/notifications/deliveries/:id/redeliver',
      'POST /admin/notifications/endpoints/:id/rotate-secret',
      'POST /admin/webhooks/:id/regenerate',
      'POST /admin/webhooks/:id/revoke',
    ]);
  });

  it('documents every operation of the services behind it that the gateway exposes', () => {
    const merged = operationsOf(gateway.document);
    const behind = [identity, dataApi, audit].flatMap(({ document }) => [...operationsOf(document)]);
    const exposed = behind.filter((op) => [...gateway.routes].some((route) => serves(route, op)));
    expect(exposed.filter((op) => !merged.has(op))).toEqual([]);
  });

  it('documents only what the gateway serves, and serves nothing else but its docs', () => {
    const merged = [...operationsOf(gateway.document)];
    expect(merged.filter((op) => ![...gateway.routes].some((route) => serves(route, op)))).toEqual([]);
    // The gateway forwards whole prefixes (`/v1/*`, any method: the service behind answers what it
    // does not serve, as documented above). Its other routes are its own: the docs, and `/admin`
    // forwarded as `/admin/*` is.
    const urls = [...new Set([...gateway.routes].map((route) => route.split(' ')[1] as string))];
    const own = urls.filter(
      (url) => !url.endsWith('*') && !merged.some((op) => serves(`X ${url}`, op.replace(/^\S+/, 'X'))),
    );
    expect(own.sort()).toEqual(['/admin', '/docs', '/docs/assets/:file', '/docs/openapi.json']);
  });
});
