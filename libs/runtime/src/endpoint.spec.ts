import 'reflect-metadata';
import { type CanActivate, Controller, Get, Injectable, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Readable } from 'node:stream';
import { defineRoute, derivedProblems, ErrorCode, type RouteInput, streamed } from '@latchkey/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ACCESS_RULE, routeHandlersOf } from './access';
import { installBodyParsers } from './http-edges';
import { accessRuleFor, Endpoint, endpointsFor, Input, responseSchemasOf } from './endpoint';
import { ProblemExceptionFilter } from './problems';
import { openApiDocumentOf, openApiOperationOf } from './route-openapi';
import { RuntimeModule } from './runtime.module';

const thing = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  note: z.string().nullable(),
  counts: z.record(z.string(), z.number().int()),
  shape: z.union([
    z.object({ kind: z.literal('a'), a: z.number() }),
    z.object({ kind: z.literal('b'), b: z.string() }),
  ]),
});

const readThing = defineRoute({
  method: 'GET',
  path: '/things/:id',
  operationId: 'getThing',
  summary: 'Read a thing',
  tags: ['things'],
  access: { kind: 'public' },
  params: z.object({ id: z.string().startsWith('thg_') }),
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(10).default(5) }),
  responses: { 200: thing },
  viaGateway: false,
});

const createThing = defineRoute({
  method: 'POST',
  path: '/things',
  operationId: 'createThing',
  summary: 'Create a thing',
  tags: ['things'],
  access: { kind: 'public' },
  body: z.strictObject({ name: z.string().min(1) }),
  responses: { 201: z.object({ name: z.string() }) },
});

const deleteThing = defineRoute({
  method: 'DELETE',
  path: '/things/:id',
  operationId: 'deleteThing',
  summary: 'Delete a thing',
  tags: ['things'],
  access: { kind: 'user', roles: ['owner'] },
  params: z.object({ id: z.string() }),
  responses: { 204: null },
});

const exportThings = defineRoute({
  method: 'GET',
  path: '/things/export',
  operationId: 'exportThings',
  summary: 'Export things',
  tags: ['things'],
  access: { kind: 'public' },
  query: z.strictObject({ format: z.enum(['ndjson', 'csv']).default('ndjson') }),
  responses: {
    200: streamed(['application/x-ndjson', 'text/csv'], thing, 'One thing per line'),
  },
  viaGateway: false,
});

/** What the handlers saw, so a test can tell that a refused request never reached one. */
const seen: unknown[] = [];

@Injectable()
class AllowGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Controller()
class ThingsController {
  @Endpoint(readThing)
  read(@Input() { params, query }: RouteInput<typeof readThing>) {
    seen.push({ params, query });
    // What a careless service might return: a Date where the schema says text, a field it does not
    // name (the handler's type would refuse both; the serialiser must cope all the same).
    const careless: unknown = {
      id: params.id,
      // A Date where the schema says date-time; a field the schema does not name.
      at: new Date('2026-12-04T10:00:00.000Z'),
      note: null,
      counts: { '200': 3, '404': 1 },
      shape: { kind: 'b', b: `limit ${query.limit}` },
      secret_hash: 'must never leave',
    };
    return careless as z.input<typeof thing>;
  }

  @Endpoint(createThing)
  create(@Input() { body }: RouteInput<typeof createThing>) {
    seen.push(body);
    return { name: body.name, secret: 'lk_live_must_never_leave' };
  }

  @Endpoint(exportThings)
  export(@Input() { query }: RouteInput<typeof exportThings>, @Res() reply: FastifyReply): void {
    seen.push(query);
    // Lines a JSON serialiser would mangle (quoted, or refused as not an object) or drop fields of.
    const lines =
      query.format === 'csv'
        ? ['"id","secret_hash"\n', '"thg_1","kept: the handler wrote it"\n']
        : ['{"id":"thg_1","secret_hash":"kept: the handler wrote it"}\n', '{"id":"thg_2"}\n'];
    void reply.type(query.format === 'csv' ? 'text/csv' : 'application/x-ndjson').send(Readable.from(lines));
  }

  @Endpoint(deleteThing, AllowGuard)
  remove(@Input() { params }: RouteInput<typeof deleteThing>) {
    seen.push(params);
  }
}

@Module({ imports: [RuntimeModule], controllers: [ThingsController], providers: [AllowGuard] })
class ThingsModule {}

async function appOf(module: unknown): Promise<{ app: NestFastifyApplication; fastify: FastifyInstance }> {
  const app = await NestFactory.create<NestFastifyApplication>(module as never, new FastifyAdapter(), {
    logger: false,
    bodyParser: false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  installBodyParsers(fastify);
  app.useGlobalFilters(new ProblemExceptionFilter());
  await app.init();
  await fastify.ready();
  return { app, fastify };
}

describe('a declared route, served through Endpoint', () => {
  let app: NestFastifyApplication;
  let fastify: FastifyInstance;

  beforeAll(async () => {
    ({ app, fastify } = await appOf(ThingsModule));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('serialises through the declared schema: Dates as ISO text, nulls, records, unions', async () => {
    const answer = await fastify.inject({ method: 'GET', url: '/things/thg_1?limit=7' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({
      id: 'thg_1',
      at: '2026-12-04T10:00:00.000Z',
      note: null,
      counts: { '200': 3, '404': 1 },
      shape: { kind: 'b', b: 'limit 7' },
    });
  });

  it('drops a field the response schema does not declare (a secret never leaves by mistake)', async () => {
    const read = await fastify.inject({ method: 'GET', url: '/things/thg_1' });
    expect(read.body).not.toContain('secret_hash');
    expect(read.body).not.toContain('must never leave');
    const created = await fastify.inject({ method: 'POST', url: '/things', payload: { name: 'x' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ name: 'x' });
  });

  it('parses query defaults and coercions before the handler', async () => {
    await fastify.inject({ method: 'GET', url: '/things/thg_2' });
    expect(seen).toEqual([{ params: { id: 'thg_2' }, query: { limit: 5 } }]);
  });

  it.each([
    ['a path parameter', { method: 'GET', url: '/things/nope' }, 'id'],
    ['a query parameter', { method: 'GET', url: '/things/thg_1?limit=11' }, 'limit'],
    ['an unknown query parameter', { method: 'GET', url: '/things/thg_1?other=1' }, 'query'],
    ['a body', { method: 'POST', url: '/things', payload: { name: '' } }, 'name'],
    ['a missing body', { method: 'POST', url: '/things' }, 'body'],
  ] as const)(
    'refuses %s that does not parse with 400 invalid_request, naming the field',
    async (_, request, field) => {
      const answer = await fastify.inject(request);
      expect(answer.statusCode).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      const body = answer.json<{ code: string; detail: string }>();
      expect(body.code).toBe(ErrorCode.InvalidRequest);
      expect(body.detail.startsWith(`${field}:`)).toBe(true);
      expect(seen).toEqual([]);
    },
  );

  it.each([
    [
      'ndjson',
      'application/x-ndjson',
      '{"id":"thg_1","secret_hash":"kept: the handler wrote it"}\n{"id":"thg_2"}\n',
    ],
    ['csv', 'text/csv', '"id","secret_hash"\n"thg_1","kept: the handler wrote it"\n'],
  ])(
    'streams a %s answer as the handler writes it, through no JSON serialiser',
    async (format, type, body) => {
      expect(responseSchemasOf(exportThings)).toEqual({});
      const answer = await fastify.inject({ method: 'GET', url: `/things/export?format=${format}` });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toContain(type);
      expect(answer.body).toBe(body);
      expect(seen).toEqual([{ format }]);
    },
  );

  it('parses a streamed route’s input before the handler writes anything', async () => {
    const answer = await fastify.inject({ method: 'GET', url: '/things/export?format=xml' });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(seen).toEqual([]);
  });

  it('answers a 204 route with its status and no body', async () => {
    const answer = await fastify.inject({ method: 'DELETE', url: '/things/thg_1' });
    expect(answer.statusCode).toBe(204);
    expect(answer.body).toBe('');
    expect(seen).toEqual([{ id: 'thg_1' }]);
  });
});

describe('access from the declaration', () => {
  it('maps each kind to the rule AccessGuard and AccessRulesCheck read', () => {
    expect(accessRuleFor({ kind: 'public' })).toEqual({ kind: 'public' });
    expect(accessRuleFor({ kind: 'user', roles: ['owner'] })).toEqual({ kind: 'user', roles: ['owner'] });
    expect(accessRuleFor({ kind: 'key', scope: 'leads:read', upstream: 'data-api' })).toEqual({
      kind: 'principal',
      credential: 'key',
    });
    expect(accessRuleFor({ kind: 'webhook', scope: 'webhooks:write', upstream: 'data-api' })).toEqual({
      kind: 'principal',
      credential: 'webhook',
    });
    const handlers = routeHandlersOf(ThingsController);
    expect(handlers.map((h) => [h.name, h.rule?.kind, h.route?.operationId])).toEqual([
      ['ThingsController.read', 'public', 'getThing'],
      ['ThingsController.create', 'public', 'createThing'],
      ['ThingsController.export', 'public', 'exportThings'],
      ['ThingsController.remove', 'user', 'deleteThing'],
    ]);
    expect(Reflect.getMetadata(ACCESS_RULE, ThingsController.prototype.remove)).toEqual({
      kind: 'user',
      roles: ['owner'],
    });
  });

  it('refuses a guarded route whose guards nobody supplied, when its controller loads', () => {
    expect(() => Endpoint(deleteThing)).toThrow(/needs the guards that enforce it/);
    expect(() => endpointsFor({})(deleteThing)).toThrow(/does not serve user routes/);
    expect(() => endpointsFor({ user: () => [AllowGuard] })(deleteThing)).not.toThrow();
  });

  it('a service with a route that declares no access does not start', async () => {
    @Controller()
    class Undeclared {
      @Get('/open')
      open() {
        return {};
      }
    }
    @Module({ imports: [RuntimeModule], controllers: [Undeclared] })
    class UndeclaredModule {}
    await expect(appOf(UndeclaredModule)).rejects.toThrow(/Undeclared.open/);
  });
});

describe('defineRoute', () => {
  it('refuses a path whose parameters differ from its params schema', () => {
    expect(() => defineRoute({ ...readThing, path: '/things/:thing_id', responses: { 200: thing } })).toThrow(
      /path parameters \[thing_id\] differ from params \[id\]/,
    );
  });

  it('derives the problems a route answers from what it declares', () => {
    expect(Object.keys(readThing.problems)).toEqual(['400', '404']);
    // Through the gateway: its limit, its 413/415 on a body, and its answers for a silent service.
    expect(Object.keys(createThing.problems)).toEqual(['400', '413', '415', '429', '502', '503', '504']);
    expect(Object.keys(deleteThing.problems)).toEqual([
      '400',
      '401',
      '403',
      '404',
      '429',
      '502',
      '503',
      '504',
    ]);
    expect(
      Object.keys(
        derivedProblems({
          ...createThing,
          body: undefined,
          access: { kind: 'key', scope: 'x:read', upstream: 'data-api' },
        }),
      ),
    ).toEqual(['401', '403', '429', '502', '503', '504']);
  });
});

describe('the OpenAPI operation of a route', () => {
  it('documents parameters, body, every answer and who may call it, from the declaration', () => {
    type Operation = {
      operationId: string;
      parameters: { name: string; in: string }[];
      responses: Record<string, unknown>;
      'x-latchkey-roles'?: string[];
    };
    const read = openApiOperationOf(readThing) as Operation;
    expect(read.operationId).toBe('getThing');
    expect(read.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:limit']);
    expect(Object.keys(read.responses)).toEqual(['200', '400', '404']);
    const remove = openApiOperationOf(deleteThing) as Operation;
    expect(remove['x-latchkey-roles']).toEqual(['owner']);
    expect(remove.responses['204']).toEqual({ description: 'No content' });
    const create = openApiOperationOf(createThing) as Record<string, Record<string, unknown>>;
    expect(create['requestBody']?.['required']).toBe(true);
  });

  it('documents a streamed answer by its media types, each with the schema of its items', () => {
    const operation = openApiOperationOf(exportThings) as {
      responses: Record<string, { description: string; content: Record<string, Record<string, unknown>> }>;
    };
    const ok = operation.responses['200'];
    expect(ok?.description).toBe('One thing per line');
    expect(Object.keys(ok?.content ?? {})).toEqual(['application/x-ndjson', 'text/csv']);
    for (const media of Object.values(ok?.content ?? {})) {
      // What a client reads is text; each item it frames is a thing, as the service sends it.
      expect(media['schema']).toEqual({ type: 'string', description: 'One thing per line' });
      expect(media['x-item-schema']).toMatchObject({
        type: 'object',
        properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
      });
    }
  });

  it('refuses two declarations of one operation in a document', () => {
    expect(() => openApiDocumentOf([readThing, readThing], { title: 't', description: 'd' })).toThrow(
      /declared twice/,
    );
  });
});
