import type { SessionStoreLike } from '../server-session.js';
import type { AnyRequest } from '../transport-request.js';
import { StampedSessionAdapter } from './stamped-session.adapter.js';

/** express-session: `req.session`, its id `req.sessionID`, its store `req.sessionStore`. */
class ExpressSessionAdapter extends StampedSessionAdapter {
  owns(req: AnyRequest): boolean {
    return typeof req.sessionID === 'string' && typeof req.session === 'object' && req.session !== null;
  }

  sessionId(req: AnyRequest): string | undefined {
    return this.owns(req) ? req.sessionID : undefined;
  }

  protected storeOf(req: AnyRequest): SessionStoreLike | undefined {
    return req.sessionStore;
  }
}

/** The express-session adapter. */
export const expressSessionAdapter = new ExpressSessionAdapter();
