import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SessionTrackerService } from 'nestjs-single-session';
import { type SessionView, sessionView } from './session-view.js';
import type { User } from './users.js';

/** The signed-in account's sessions, read from and signed out through `SessionTrackerService`. */
@Injectable()
export class AccountSessions {
  constructor(private readonly tracker: SessionTrackerService) {}

  /** Every live session of the request's account: the request's own first, then newest login first. */
  async list(req: Request): Promise<SessionView[]> {
    const current = this.tracker.handleOf(req.sessionID);
    const sessions = await this.tracker.list(userOf(req).id);
    const views = sessions.map((session) => sessionView(session, session.handle === current));
    return views.sort((a, b) => Number(b.current) - Number(a.current));
  }

  /** The request's own session. */
  async current(req: Request): Promise<SessionView | undefined> {
    return (await this.list(req)).find((session) => session.current);
  }

  /** Signs one other session of the account out; the session it was, if it was live. */
  async revoke(req: Request, handle: string): Promise<SessionView | undefined> {
    const session = (await this.list(req)).find((candidate) => candidate.handle === handle && !candidate.current);
    if (!session || !(await this.tracker.revoke(userOf(req).id, handle))) return undefined;
    return session;
  }

  /**
   * With `--choose`, for the request's waiting session: signs out the session `handle` of the
   * account and takes its place (`SessionTrackerService.choose`, which throws when it cannot).
   */
  choose(req: Request, handle: string): Promise<void> {
    return this.tracker.choose(userOf(req).id, req.sessionID, handle, userOf(req));
  }

  /** Signs out every session of the account but the request's own; how many. */
  revokeOthers(req: Request): Promise<number> {
    return this.tracker.revokeOthers(userOf(req).id, req.sessionID);
  }
}

/** The signed-in user of a request that passed `SignedInGuard`. */
export function userOf(req: Request): User {
  return req.user as User;
}
