import { randomUUID } from 'node:crypto';
import { endedStamp } from '../server-session.js';
import type { SessionEndNotice } from '../session-record.interface.js';
import type { AnyRequest } from '../transport-request.js';
import { StampedSessionAdapter } from './stamped-session.adapter.js';

/**
 * `@fastify/secure-session` (its default session, `request.session`): the data travel in the
 * encrypted cookie itself, so there is no store to sign the session out in, and no session id.
 * The library gives the session an id of its own at its login, kept in its stamp in the
 * cookie; like a token, an ended session is refused for as long as the tracker remembers it
 * (`tokenLifetime`: set it to at least the plugin's `expiry`), whatever copy of the cookie
 * comes back. The session's fields are read and written through the plugin's proxy, which
 * marks the cookie to be sent again.
 */
class SecureSessionAdapter extends StampedSessionAdapter {
  owns(req: AnyRequest): boolean {
    const session = req.session;
    return typeof session?.changed === 'boolean' && typeof session.deleted === 'boolean';
  }

  /** The session's id; an authenticated session without one is at its login and gets one. */
  sessionId(req: AnyRequest, user: unknown): string | undefined {
    if (!this.owns(req)) return undefined;
    const id = this.readStamp(req)?.id;
    if (id !== undefined || !user) return id;
    const made = randomUUID();
    this.writeStamp(req, { id: made });
    return made;
  }

  /** Clears the cookie's data (the plugin's `regenerate()`) and keeps the notice in it. */
  override signOut(req: AnyRequest, notice: SessionEndNotice, reported: boolean): void {
    req.session.regenerate();
    this.writeStamp(req, endedStamp(notice, reported));
  }

  protected storeOf(): undefined {
    return undefined;
  }
}

/** The `@fastify/secure-session` adapter. */
export const secureSessionAdapter = new SecureSessionAdapter();
