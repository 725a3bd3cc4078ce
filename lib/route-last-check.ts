import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { MetadataScanner, type ModulesContainer } from '@nestjs/core';

/** Nest's metadata key for `@UseGuards()` (`GUARDS_METADATA` of `@nestjs/common/constants`, stable across versions). */
const GUARDS_METADATA = '__guards__';

/** Property, on the object that carries a request through its guards, naming the app's `SingleSessionGuard`. */
export const GUARD_OF_REQUEST = Symbol('SINGLE_SESSION:GUARD_OF_REQUEST');

/** Metadata that marks a provider class as a WebSocket gateway or a GraphQL resolver (their methods are handlers too). */
const HANDLER_CLASS_METADATA = ['websockets:is_gateway', 'graphql:resolver_type'];

/**
 * The object that goes through every guard of a request with it, whatever the transport: the
 * HTTP request, the GraphQL context, the WebSocket client, the RPC context.
 */
export function carrierOf(context: ExecutionContext): Record<symbol, any> | undefined {
  const type = context.getType<string>();
  const carrier = type === 'graphql' ? context.getArgByIndex(2) : type === 'rpc' ? context.getArgByIndex(1) : context.getArgByIndex(0);
  return typeof carrier === 'object' && carrier !== null ? carrier : undefined;
}

/**
 * The last guard of every route: it runs the check again after the route's own guards, through
 * the guard of the app that the global guard named on the request (so that apps sharing
 * controller classes — tests, several apps in one process — each keep their own). One shared
 * object, appended once per handler.
 */
export const ROUTE_LAST_CHECK: CanActivate = Object.freeze({
  canActivate(context: ExecutionContext) {
    const guard: CanActivate | undefined = carrierOf(context)?.[GUARD_OF_REQUEST];
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
      ...[...module.providers.values()].map((wrapper) => wrapper.metatype).filter((type) => HANDLER_CLASS_METADATA.some((key) => type && Reflect.getMetadata(key, type))),
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
