import { Controller, Inject, type Type } from '@nestjs/common';
import type { Principal, Route } from '@latchkey/contracts';
import { CurrentPrincipal, Input, RequestIdsOf, type RecordedRequestIds } from '@latchkey/runtime';
import { DataApiEndpoint } from '../access';
import { RESOURCES, type ResourceDefinition } from './resource-definitions';
import { ResourcesService } from './resources.service';

/** What @Input gives a resource handler: parsed by the route's declared schemas. */
interface ParsedInput {
  params: { id: string };
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

/**
 * The controller of one resource: a handler for each of its declared routes (`/v1/<resource>`),
 * served with @DataApiEndpoint. A handler whose route the resource does not declare (a read-only
 * resource's create and update) is not registered: Nest serves only the decorated ones. The gateway
 * decided the scope; the service narrows to the principal's organisation and projects.
 */
export function resourceControllerOf(def: ResourceDefinition): Type {
  @Controller()
  class ResourceController {
    constructor(@Inject(ResourcesService) private readonly resources: ResourcesService) {}

    list(@CurrentPrincipal() principal: Principal, @Input() input: ParsedInput) {
      return this.resources.list(principal, def, input.query);
    }

    get(@CurrentPrincipal() principal: Principal, @Input() input: ParsedInput) {
      return this.resources.get(principal, def, input.params.id);
    }

    create(
      @CurrentPrincipal() principal: Principal,
      @Input() input: ParsedInput,
      @RequestIdsOf() ids: RecordedRequestIds,
    ) {
      return this.resources.create(principal, def, input.body, ids);
    }

    update(
      @CurrentPrincipal() principal: Principal,
      @Input() input: ParsedInput,
      @RequestIdsOf() ids: RecordedRequestIds,
    ) {
      return this.resources.update(principal, def, input.params.id, input.body, ids);
    }
  }
  const prototype = ResourceController.prototype;
  for (const handler of ['list', 'get', 'create', 'update'] as const) {
    const route: Route | undefined = def.routes[handler];
    const descriptor = Object.getOwnPropertyDescriptor(prototype, handler);
    if (route && descriptor) DataApiEndpoint(route)(prototype, handler, descriptor as never);
  }
  // Nest names controllers in logs and errors by their class.
  const name = `${def.name[0]?.toUpperCase()}${def.name.slice(1)}Controller`;
  Object.defineProperty(ResourceController, 'name', { value: name });
  return ResourceController;
}

export const RESOURCE_CONTROLLERS: readonly Type[] = Object.values(RESOURCES).map(resourceControllerOf);
