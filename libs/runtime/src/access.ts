import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  type OnModuleInit,
  SetMetadata,
  type Type,
  UseGuards,
} from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { ErrorCode, type Route } from '@latchkey/contracts';
import { ProblemException } from './problems';

/**
 * Who may call a route, declared on the route (or its controller) with @Access. Default deny: a
 * route without one never starts (AccessRulesCheck) and is never served (AccessGuard).
 */
export type AccessRule =
  /** Anyone, without a credential: sign-in, token exchange, published verification keys. */
  | { readonly kind: 'public' }
  /**
   * A principal the gateway signed after checking the credential: an API key's scope (and the
   * instance it is bound to) or a webhook connection's signature. Behind the gateway, backends
   * verify only the principal.
   */
  | { readonly kind: 'principal'; readonly credential: 'key' | 'webhook' }
  /** A signed-in user of one of these roles (identity's user token). */
  | { readonly kind: 'user'; readonly roles: readonly string[] };

export const ACCESS_RULE = 'latchkey:access-rule';

/** Where Endpoint leaves a handler's route declaration (read by Input and the route walks). */
export const ROUTE_DECLARATION = 'latchkey:route-declaration';

/** The declaration a handler serves, if it is an Endpoint. */
export function routeDeclarationOf(handler: object): Route | undefined {
  return Reflect.getMetadata(ROUTE_DECLARATION, handler) as Route | undefined;
}

/**
 * Declares a route's access rule, and applies the guards that enforce it (they run after the
 * global AccessGuard, in the order given, exactly as @UseGuards would run them).
 */
export function Access(rule: AccessRule, ...guards: Type<CanActivate>[]) {
  const declare = SetMetadata(ACCESS_RULE, rule);
  return guards.length > 0 ? applyDecorators(declare, UseGuards(...guards)) : applyDecorators(declare);
}

/** A route anyone may call, no credential needed. */
export const Public = () => Access({ kind: 'public' });

/** The rule declared for a handler: its own, else its controller's. */
export function accessRuleOf(controller: Type<unknown>, handler: object): AccessRule | undefined {
  return (
    (Reflect.getMetadata(ACCESS_RULE, handler) as AccessRule | undefined) ??
    (Reflect.getMetadata(ACCESS_RULE, controller) as AccessRule | undefined)
  );
}

export interface RouteHandler {
  /** `Controller.method` */
  name: string;
  rule: AccessRule | undefined;
  /** The route it serves, when it is an Endpoint. */
  route: Route | undefined;
}

/** Every route handler of a controller, as `Controller.method`, with its declared rule (if any). */
export function routeHandlersOf(controller: Type<unknown>): RouteHandler[] {
  const handlers: RouteHandler[] = [];
  const seen = new Set<string>();
  // Walk the prototype chain: an inherited route is served as well.
  for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype;) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || seen.has(key)) continue;
      seen.add(key);
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      const handler: unknown = descriptor?.value;
      if (typeof handler !== 'function') continue;
      // Nest registers a method as a route when it carries a path and a request method.
      if (
        Reflect.getMetadata(PATH_METADATA, handler) === undefined ||
        Reflect.getMetadata(METHOD_METADATA, handler) === undefined
      )
        continue;
      handlers.push({
        name: `${controller.name}.${key}`,
        rule: accessRuleOf(controller, handler),
        route: routeDeclarationOf(handler),
      });
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return handlers;
}

/** The handlers, among these controllers', that declare no access rule. */
export function routesWithoutAccessRule(controllers: Iterable<Type<unknown>>): string[] {
  return [...controllers].flatMap((controller) =>
    routeHandlersOf(controller)
      .filter((handler) => handler.rule === undefined)
      .map((handler) => handler.name),
  );
}

/**
 * Fails the start of a service that has a route without an access rule: such a route would
 * otherwise be public (or, behind AccessGuard, refused to everyone) until someone noticed.
 */
@Injectable()
export class AccessRulesCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const controllers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype)
      .filter((metatype): metatype is Type<unknown> => typeof metatype === 'function');
    const undeclared = routesWithoutAccessRule(controllers);
    if (undeclared.length > 0) {
      throw new Error(
        `routes without an access rule (declare one with @Access, @Public or the service's own): ${undeclared.join(', ')}`,
      );
    }
  }
}

/**
 * The one global guard of every service: a handler runs only if it declares an access rule. The
 * startup check makes an undeclared route impossible; this refuses one anyway, should a route ever
 * be registered past the check.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new ProblemException(ErrorCode.Forbidden, 'this route declares no access rule');
    return true;
  }
}
