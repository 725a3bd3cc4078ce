import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { MetadataScanner, type ModulesContainer } from '@nestjs/core';

/** Nest's metadata key for `@UseGuards()` (`GUARDS_METADATA` of `@nestjs/common/constants`, stable across versions). */
const GUARDS_METADATA = '__guards__';

/**
 * Property, on the execution context, naming the app's `SingleSessionGuard`. Nest hands one
 * context to every guard of a request (HTTP, GraphQL or gateway message): the global guard
 * names itself there, and the route-last check finds it.
 */
export const GUARD_OF_CONTEXT = Symbol('SINGLE_SESSION:GUARD_OF_CONTEXT');

/** Metadata that marks a provider class as a WebSocket gateway or a GraphQL resolver (their methods are handlers too); `@Resolver()` sets it to `undefined`, so it is looked for with `hasMetadata`. */
const HANDLER_CLASS_METADATA = ['websockets:is_gateway', 'graphql:resolver_type'];

/**
 * The last guard of every route: it runs the check again after the route's own guards, through
 * the guard of the app that the global guard named on the context (so that apps sharing
 * controller classes — tests, several apps in one process — each keep their own). One shared
 * object, appended once per handler.
 */
export const ROUTE_LAST_CHECK: CanActivate = Object.freeze({
  canActivate(context: ExecutionContext) {
    const guard: CanActivate | undefined = (context as unknown as Record<symbol, CanActivate | undefined>)[GUARD_OF_CONTEXT];
    return guard ? guard.canActivate(context) : true;
  },
});

/**
 * Appends `ROUTE_LAST_CHECK` to the guards of every handler of every controller, gateway and
 * resolver of the app. Runs when the module is instantiated: after Nest has scanned the app,
 * before it builds routes, gateways and resolvers from this metadata.
 */
export function appendRouteLastCheck(modules: ModulesContainer): void {
  const scanner = new MetadataScanner();
  for (const module of modules.values()) {
    const classes = [
      ...[...module.controllers.values()].map((wrapper) => wrapper.metatype),
      ...[...module.providers.values()].map((wrapper) => wrapper.metatype).filter((type) => HANDLER_CLASS_METADATA.some((key) => type && Reflect.hasMetadata(key, type))),
    ];
    for (const type of classes) {
      if (typeof type !== 'function' || !type.prototype) continue;
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = type.prototype[name];
        const guards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, handler) ?? [];
        if (!guards.includes(ROUTE_LAST_CHECK)) Reflect.defineMetadata(GUARDS_METADATA, [...guards, ROUTE_LAST_CHECK], handler);
      }
    }
  }
}
