import { tokenLoginAt, userIdOf } from './request-identity.js';
import { defaultSessionId } from './session-adapters/session-adapters.js';
import type { AnyRequest } from './transport-request.js';
import type { SessionEndNotice } from './session-record.interface.js';
import { readStamp } from './server-session.js';

/** What a request gives `SessionTrackerService.watchRequest` to watch. */
export type WatchedRequest =
  /** Its signed-in session: an express-session, or a token (`sid`/`jti` claim). */
  | { userId: string; sessionId: string; loginAt?: number }
  /** Its server session, signed out already: why. */
  | { ended: SessionEndNotice }
  /** Nothing: no signed-in session. */
  | undefined;

/**
 * The session a request carries, read as the guard reads it with the default `getSessionId`:
 * an express-session (its login time from the library's stamp), else the `sid` or `jti` claim
 * of the token in `req.user` (its login time from `auth_time` or `iat`).
 */
export function watchedRequest(options: { getUserId?: (user: any) => unknown }, req: Record<string, any>): WatchedRequest {
  const stamp = readStamp(req.session);
  if (stamp?.ended) {
    const { reported: _, ...notice } = stamp.ended;
    return { ended: notice };
  }
  const sessionId = defaultSessionId(req as AnyRequest);
  const userId = req.user ? userIdOf(options, req.user) : undefined;
  if (sessionId === undefined || userId === undefined) return undefined;
  const isServerSession = req.session !== undefined && sessionId === req.sessionID;
  const loginAt = isServerSession ? (stamp?.userId === userId ? stamp.loginAt : undefined) : tokenLoginAt(req.user);
  return { userId, sessionId, loginAt };
}
