import type { SessionStoreLike } from '../server-session.js';
import type { AnyRequest } from '../transport-request.js';
import { StampedSessionAdapter } from './stamped-session.adapter.js';

/**
 * `@fastify/session`: `request.session`, its id `request.session.sessionId`, its store
 * `request.sessionStore` — a store with express-session's `get`/`set`/`destroy`, holding the
 * same record (the cookie and the data beside it), so it is watched and written alike.
 */
class FastifySessionAdapter extends StampedSessionAdapter {
  owns(req: AnyRequest): boolean {
    return typeof req.session?.sessionId === 'string' && req.sessionStore !== undefined;
  }

  sessionId(req: AnyRequest): string | undefined {
    return this.owns(req) ? req.session.sessionId : undefined;
  }

  protected storeOf(req: AnyRequest): SessionStoreLike | undefined {
    return req.sessionStore;
  }
}

/** The `@fastify/session` adapter. */
export const fastifySessionAdapter = new FastifySessionAdapter();
