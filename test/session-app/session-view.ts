import type { SessionTrackerService } from 'nestjs-single-session';
import { stampedLoginAt } from './stamped-login-at.js';

/** What the session app answers about the current session: the account, its handle and login time. */
export function describeSession(tracker: SessionTrackerService, req: any) {
  return {
    id: req.user.id ?? null,
    username: req.user.username,
    handle: tracker.handleOf(req.sessionID),
    loginAt: stampedLoginAt(req.session),
  };
}
