import 'reflect-metadata';
import Fastify from 'fastify';
import { AuditModule } from '../../apps/audit/src/app.module';
import { auditConfigSchema } from '../../apps/audit/src/config/audit-config';
import { auditDocument } from '../../apps/audit/src/docs/audit-openapi';
import { DataApiModule } from '../../apps/data-api/src/app.module';
import { dataApiConfigSchema } from '../../apps/data-api/src/config/data-api-config';
import { dataApiDocument } from '../../apps/data-api/src/docs/data-api-openapi';
import { buildProductDocument, registerDocsRoutes, type OpenApiDocument } from '../../apps/gateway/src/docs';
import { registerGatewayRoutes, type GatewayRuntime } from '../../apps/gateway/src/hot-path';
import { IdentityModule } from '../../apps/identity/src/app.module';
import { identityConfigSchema } from '../../apps/identity/src/config/identity-config';
import { identityDocument } from '../../apps/identity/src/docs/identity-openapi';
import { envOf, type Preview, previewApp, recordRoutes } from './preview-apps';

/**
 * Every service's OpenAPI document and the gateway's merged one, built in-process from the very
 * controllers and builders the services serve them from (Nest preview mode: no PostgreSQL or NATS);
 * the merged one, like each service's, from the route declarations alone.
 * The one place that knows how the documents are made: the document tests, the committed
 * docs/openapi.json and the SDK's types (scripts/openapi.mjs) all start here.
 */

export type BuiltDocument = Omit<Preview<OpenApiDocument>, 'controllers'>;

export interface ServiceDocuments {
  identity: BuiltDocument;
  'data-api': BuiltDocument;
  audit: BuiltDocument;
  /** The product document the gateway serves at /docs/openapi.json, and the gateway's routes. */
  gateway: BuiltDocument;
}

const asDocument = (doc: unknown) => doc as OpenApiDocument;

export async function buildServiceDocuments(): Promise<ServiceDocuments> {
  // Identity's, the data API's and audit's documents are built from their route declarations, as
  // their main.ts serve them; the document tests check that each app registers exactly what it declares.
  const identity = await previewApp(
    IdentityModule.forRoot(identityConfigSchema.parse(envOf('identity'))),
    () => asDocument(identityDocument()),
  );
  const audit = await previewApp(AuditModule.forRoot(auditConfigSchema.parse(envOf('audit'))), () =>
    asDocument(auditDocument()),
  );
  const dataApi = await previewApp(DataApiModule.forRoot(dataApiConfigSchema.parse(envOf('data-api'))), () =>
    asDocument(dataApiDocument()),
  );
  // The gateway's public routes are plain Fastify: registered as main.ts does, on a bare instance
  // (the runtime is only used while answering a request).
  const fastify = Fastify();
  const routes = recordRoutes(fastify);
  registerDocsRoutes(fastify);
  registerGatewayRoutes(fastify, {} as GatewayRuntime);
  await fastify.ready();
  await fastify.close();
  const gateway = {
    document: buildProductDocument(),
    routes,
  };
  const strip = ({ document, routes: served }: BuiltDocument): BuiltDocument => ({
    document,
    routes: served,
  });
  return { identity: strip(identity), 'data-api': strip(dataApi), audit: strip(audit), gateway };
}

/** The product's one OpenAPI document, as GET /docs/openapi.json serves it (from the route declarations). */
export function productOpenApiDocument(): OpenApiDocument {
  return buildProductDocument();
}
