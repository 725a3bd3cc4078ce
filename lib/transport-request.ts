import type { ExecutionContext } from '@nestjs/common';

/** A request as the library reads it: Express's, Fastify's, or a WebSocket handshake request. */
export type AnyRequest = Record<string | symbol, any>;

/**
 * The request behind an execution context, whatever the transport: the HTTP request (Express or
 * Fastify); in a resolver, the `req` of the GraphQL context (which `@nestjs/apollo` always
 * sets); in a gateway, the client's handshake request — socket.io's `client.request`, or the
 * upgrade request a `ws` gateway keeps as `client.request`. `undefined` for other transports.
 */
export function requestOf(context: ExecutionContext): AnyRequest | undefined {
  switch (context.getType<string>()) {
    case 'http':
      // The first argument, as switchToHttp().getRequest() reads it (which first assigns three new closures to the context).
      return context.getArgByIndex(0);
    case 'graphql':
      return objectOrUndefined(context.getArgByIndex(2)?.req);
    case 'ws':
      return objectOrUndefined(context.getArgByIndex(0)?.request);
    default:
      return undefined;
  }
}

/**
 * Whether the request only reads, so a signed-out browser is told at once: an HTTP `GET` or
 * `HEAD`, a GraphQL query, a gateway message. Anything else — a login form's `POST`, a GraphQL
 * mutation — may be a new sign-in, which must work at the first try.
 */
export function onlyReads(context: ExecutionContext, req: AnyRequest): boolean {
  switch (context.getType<string>()) {
    case 'http':
      return req.method === 'GET' || req.method === 'HEAD';
    case 'graphql':
      return context.getArgByIndex(3)?.operation?.operation === 'query';
    default:
      return true;
  }
}

/**
 * Whether the request is this request's own (HTTP, GraphQL), not a gateway client's handshake
 * request, which every message of the socket shares with the user it was authenticated with.
 */
export function ownsItsRequest(context: ExecutionContext): boolean {
  return context.getType<string>() !== 'ws';
}

/**
 * The client's address, as `req.ip` gives it (Express, Fastify; `undefined` for a request
 * without one, such as a gateway's handshake request). A request without an `X-Forwarded-For`
 * header comes from the address of its socket, whatever proxies the app trusts: that address is
 * read directly, since Express's `req.ip` works it out anew (the app's settings, a parse of the
 * header) on every read. A request with the header, or with an `ip` of its own (set by a
 * middleware), is read through `req.ip`.
 */
export function clientAddress(req: AnyRequest): string | undefined {
  if (!('ip' in req)) return undefined;
  if (req.headers?.['x-forwarded-for'] === undefined && !Object.hasOwn(req, 'ip')) {
    const address = req.socket?.remoteAddress;
    if (typeof address === 'string') return address;
  }
  const ip: unknown = req.ip;
  return typeof ip === 'string' ? ip : undefined;
}

function objectOrUndefined(value: unknown): AnyRequest | undefined {
  return typeof value === 'object' && value !== null ? (value as AnyRequest) : undefined;
}
