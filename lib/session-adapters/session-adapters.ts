import type { AnyRequest } from '../transport-request.js';
import { expressSessionAdapter } from './express-session.adapter.js';
import { fastifySessionAdapter } from './fastify-session.adapter.js';
import { secureSessionAdapter } from './secure-session.adapter.js';
import type { SessionAdapter } from './session-adapter.interface.js';
import { tokenAdapter } from './token.adapter.js';

/** The cookie-session adapters, in the order a request is matched against them. */
const STAMPED_SESSIONS: readonly SessionAdapter[] = [expressSessionAdapter, fastifySessionAdapter, secureSessionAdapter];

/** An `Authorization` header with a bearer token. */
const BEARER = /^bearer\s/i;

/** The adapter of the cookie session the request carries (express-session, `@fastify/session`, `@fastify/secure-session`), if any. */
export function stampedSessionOf(req: AnyRequest): SessionAdapter | undefined {
  for (const adapter of STAMPED_SESSIONS) {
    if (adapter.owns(req, undefined)) return adapter;
  }
  return undefined;
}

/**
 * The adapter of the session that authenticated the request, as it was authenticated: a
 * request with an `Authorization: Bearer` header whose user carries a `sid`/`jti` claim is that
 * token's session even where a session middleware gave it a (new, empty) session; otherwise the
 * request's cookie session; otherwise the token claims of its user.
 */
export function sessionAdapterOf(req: AnyRequest, user: unknown): SessionAdapter | undefined {
  const token = tokenAdapter.owns(req, user);
  if (token && isBearerRequest(req)) return tokenAdapter;
  return stampedSessionOf(req) ?? (token ? tokenAdapter : undefined);
}

/**
 * The adapter of the session whose id is `sessionId` (say, from the `getSessionId` option):
 * the request's own session when that is its id, else a session the library treats as a token
 * (its claims, if any, give its times; it is refused for as long as it is remembered).
 */
export function adapterOfSession(req: AnyRequest, user: unknown, sessionId: string): SessionAdapter {
  const adapter = sessionAdapterOf(req, user);
  return adapter !== undefined && adapter.sessionId(req, user) === sessionId ? adapter : tokenAdapter;
}

/** Default `getSessionId`: the id of the session that authenticated the request (see `sessionAdapterOf`). */
export function defaultSessionId(req: AnyRequest | undefined): string | undefined {
  const user = req?.user;
  return req ? sessionAdapterOf(req, user)?.sessionId(req, user) : undefined;
}

/** Whether the request carries an `Authorization: Bearer …` header. */
function isBearerRequest(req: AnyRequest): boolean {
  const authorization = req.headers?.authorization;
  return typeof authorization === 'string' && BEARER.test(authorization);
}
