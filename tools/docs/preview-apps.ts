import 'reflect-metadata';
import { tmpdir } from 'node:os';
import type { DynamicModule, Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateDeploymentSecrets } from '@latchkey/runtime';
import { serviceEnv, type ServiceName, type StackOptions } from '@latchkey/testing';
import type { FastifyInstance } from 'fastify';

/**
 * The services' Nest apps built in-process in Nest's preview mode: the routes are registered
 * without instantiating providers, so no PostgreSQL or NATS is needed. Shared by the tests that
 * walk what each app really serves (its OpenAPI document, its access rules).
 */

/** Records every route Fastify registers: HEAD twins of GETs are Fastify's own, not the app's. */
export function recordRoutes(fastify: FastifyInstance): Set<string> {
  const routes = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.add(`${method} ${route.url}`);
    }
  });
  return routes;
}

/** A service's environment as the test stacks give it (nothing is connected in preview mode). */
export function envOf(service: ServiceName): Record<string, string> {
  const port = { gateway: 1, identity: 2, 'data-api': 3, audit: 4 };
  const options: StackOptions = {
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
    natsUrl: 'nats://127.0.0.1:4222',
    stream: 'DOCS',
    subjectPrefix: 'docs',
    ports: port,
    opsPorts: port,
    secrets: generateDeploymentSecrets(),
    logDir: tmpdir(),
  };
  return serviceEnv(options, service);
}

export interface Preview<T> {
  /** What `serve` built from the app (its OpenAPI document, say). */
  document: T;
  /** `METHOD /path` of every route the app registered with Fastify (`:param` style). */
  routes: Set<string>;
  /** Every controller of every module of the app. */
  controllers: Type<unknown>[];
}

/** A service's Nest app in preview mode (routes registered, no provider instantiated, nothing connected). */
export async function previewApp<T>(
  module: DynamicModule,
  serve: (app: NestFastifyApplication, fastify: FastifyInstance) => T,
): Promise<Preview<T>> {
  const adapter = new FastifyAdapter();
  const fastify = adapter.getInstance() as unknown as FastifyInstance;
  const routes = recordRoutes(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const document = serve(app, fastify);
  const controllers = [...app.get(ModulesContainer).values()].flatMap((moduleRef) =>
    [...moduleRef.controllers.values()]
      .map((wrapper) => wrapper.metatype)
      .filter((metatype): metatype is Type<unknown> => typeof metatype === 'function'),
  );
  await app.init();
  await app.close();
  return { document, routes, controllers };
}
