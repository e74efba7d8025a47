import { Module } from '@nestjs/common';
import { RouteMatcher } from '@latchkey/auth-core';
import { API_ROUTES } from '@latchkey/api-routes';

/**
 * Whether a verified credential may make this request: the route table, and the decisions in
 * decide.ts (pure: no clock, no cache, no network). It answers no request and counts nothing.
 */
@Module({
  providers: [{ provide: RouteMatcher, useFactory: () => new RouteMatcher(API_ROUTES) }],
  exports: [RouteMatcher],
})
export class AuthorizationModule {}
