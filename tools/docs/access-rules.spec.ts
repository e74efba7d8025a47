import type { Route } from '@latchkey/contracts';
import { accessRuleFor, type RouteHandler, routeHandlersOf } from '@latchkey/runtime';
import type { ServiceName } from '@latchkey/testing';
import { AuditModule } from '../../apps/audit/src/app.module';
import { auditConfigSchema } from '../../apps/audit/src/config/audit-config';
import { DataApiModule } from '../../apps/data-api/src/app.module';
import { dataApiConfigSchema } from '../../apps/data-api/src/config/data-api-config';
import { GatewayModule } from '../../apps/gateway/src/app.module';
import { gatewayConfigSchema } from '../../apps/gateway/src/config';
import { IdentityModule } from '../../apps/identity/src/app.module';
import { identityConfigSchema } from '../../apps/identity/src/config/identity-config';
import { AUDIT_ROUTES, DATA_API_ROUTES, IDENTITY_ROUTES } from '@latchkey/api-routes';
import { envOf, type Preview, previewApp } from './preview-apps';

/**
 * Default deny, checked on what each service really serves: every route its Nest app registers
 * comes from a handler that declares an access rule, and only the routes meant for anyone are
 * public. (The gateway's own routes are plain Fastify: its Nest app serves none; the proxy
 * authorizes each request against its route → scope table.)
 */

interface Walked {
  routes: Set<string>;
  handlers: RouteHandler[];
}

async function walk(preview: Promise<Preview<undefined>>): Promise<Walked> {
  const { routes, controllers } = await preview;
  return { routes, handlers: controllers.flatMap((controller) => routeHandlersOf(controller)) };
}

const services: Partial<Record<ServiceName, Walked>> = {};

beforeAll(async () => {
  services.identity = await walk(
    previewApp(IdentityModule.forRoot(identityConfigSchema.parse(envOf('identity'))), () => undefined),
  );
  services['data-api'] = await walk(
    previewApp(DataApiModule.forRoot(dataApiConfigSchema.parse(envOf('data-api'))), () => undefined),
  );
  services.audit = await walk(
    previewApp(AuditModule.forRoot(auditConfigSchema.parse(envOf('audit'))), () => undefined),
  );
  services.gateway = await walk(
    previewApp(GatewayModule.forRoot(gatewayConfigSchema.parse(envOf('gateway'))), () => undefined),
  );
}, 60_000);

/** The only handlers anyone may call without a credential. */
const PUBLIC: Partial<Record<ServiceName, string[]>> = {
  identity: ['AuthController.login', 'AuthController.token', 'AuthController.jwks', 'LeaksController.report'],
  audit: ['CheckpointKeysController.keys'],
};

describe.each(['identity', 'data-api', 'audit', 'gateway'] as const)('the routes of %s', (service) => {
  it('each declare an access rule', () => {
    const walked = services[service] as Walked;
    expect(walked.handlers.filter((handler) => handler.rule === undefined).map((h) => h.name)).toEqual([]);
    // One handler per registered route: the walk saw every route the app serves.
    expect(walked.handlers).toHaveLength(walked.routes.size);
  });

  it('are public only where meant to be', () => {
    const walked = services[service] as Walked;
    const publicHandlers = walked.handlers.filter((handler) => handler.rule?.kind === 'public');
    expect(publicHandlers.map((handler) => handler.name).sort()).toEqual([...(PUBLIC[service] ?? [])].sort());
  });
});

it('identity admits user tokens only for its roles, backends only gateway-signed principals', () => {
  const kinds = (service: ServiceName) =>
    new Set((services[service] as Walked).handlers.map((handler) => handler.rule?.kind));
  expect(kinds('identity')).toEqual(new Set(['public', 'user']));
  expect(kinds('data-api')).toEqual(new Set(['principal']));
  expect(kinds('audit')).toEqual(new Set(['public', 'principal']));
});

const DECLARED: [ServiceName, readonly Route[]][] = [
  ['identity', IDENTITY_ROUTES],
  ['data-api', DATA_API_ROUTES],
  ['audit', AUDIT_ROUTES],
];

describe.each(DECLARED)('%s, served from its route declarations', (service, routes) => {
  const declared = routes.map((route) => `${route.method} ${route.path}`).sort();

  it('registers exactly the routes it declares (and its own document)', () => {
    const served = [...(services[service] as Walked).routes].filter((route) => route !== 'GET /openapi.json');
    expect(served.sort()).toEqual(declared);
  });

  it('serves every route through a declaration, whose access is the rule its guard reads', () => {
    const handlers = (services[service] as Walked).handlers;
    expect(handlers.filter((handler) => handler.route === undefined).map((h) => h.name)).toEqual([]);
    expect(handlers.map((h) => `${h.route?.method} ${h.route?.path}`).sort()).toEqual(declared);
    for (const { route, rule } of handlers) {
      expect(rule).toEqual(route && accessRuleFor(route.access));
    }
  });
});

it('identity declares a role list on every user route, and public only where meant to be', () => {
  const publicOnes = IDENTITY_ROUTES.filter((r) => r.access.kind === 'public').map((r) => r.operationId);
  expect(publicOnes.sort()).toEqual(['exchangeToken', 'getJwks', 'login', 'reportLeaks']);
  const roleless = IDENTITY_ROUTES.filter((r) => r.access.kind === 'user' && r.access.roles.length === 0);
  expect(roleless).toEqual([]);
});

it('audit serves its trail only for `audit:read`, explanations of refusals only for `audit:decisions`, and only its checkpoint keys to anyone', () => {
  const byKind = (kind: string) => AUDIT_ROUTES.filter((r) => r.access.kind === kind);
  expect(byKind('public').map((r) => r.operationId)).toEqual(['getAuditCheckpointKeys']);
  const keyRoutes = byKind('key');
  expect(keyRoutes.filter((r) => r.operationId !== 'getDecision').map((r) => r.access)).toEqual(
    Array(AUDIT_ROUTES.length - 2).fill({ kind: 'key', scope: 'audit:read', upstream: 'audit' }),
  );
  expect(keyRoutes.find((r) => r.operationId === 'getDecision')?.access).toEqual({
    kind: 'key',
    scope: 'audit:decisions',
    upstream: 'audit',
  });
});
