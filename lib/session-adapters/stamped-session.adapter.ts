import { isStampedFor, readStamp, signedOutData, storedStamp, type SessionStamp, type SessionStoreLike } from '../server-session.js';
import type { SessionEndNotice } from '../session-record.interface.js';
import { SESSION_STAMP_FIELD } from '../single-session.internal-constants.js';
import type { AnyRequest } from '../transport-request.js';
import type { SessionAdapter, SessionFacts } from './session-adapter.interface.js';

/**
 * What the sessions a browser holds by cookie have in common, whatever library keeps them
 * (express-session, `@fastify/session`, `@fastify/secure-session`): they are `req.session`, the
 * library's stamp is a field of it (the account, the login time the store gave), and a session
 * not stamped for its account yet is at its login.
 */
export abstract class StampedSessionAdapter implements SessionAdapter {
  abstract owns(req: AnyRequest): boolean;
  abstract sessionId(req: AnyRequest, user: unknown): string | undefined;
  /** The session store the request's session lives in, if it lives in one. */
  protected abstract storeOf(req: AnyRequest): SessionStoreLike | undefined;

  isLogin(req: AnyRequest, userId: string): boolean {
    return !isStampedFor(req.session, userId);
  }

  facts(req: AnyRequest, _user: unknown, userId: string): SessionFacts {
    const stamp = this.readStamp(req);
    const cookie = req.session.cookie;
    const expires = cookie?.expires;
    const stampedForOther = stamp?.loginAt !== undefined && stamp.userId !== userId;
    return {
      loginAt: stamp?.userId === userId ? stamp.loginAt : undefined,
      expiresAt: expires instanceof Date ? expires.getTime() : undefined,
      previousUserId: stampedForOther ? stamp.userId : undefined,
      store: this.storeOf(req),
      cookie,
    };
  }

  stampLogin(req: AnyRequest, userId: string, loginAt: number, previous?: SessionEndNotice): Record<string, any> {
    const id = this.readStamp(req)?.id;
    const stamp: SessionStamp = id === undefined ? { userId, loginAt } : { id, userId, loginAt };
    if (previous) stamp.previous = previous;
    this.writeStamp(req, stamp);
    return req.session;
  }

  signOut(req: AnyRequest, notice: SessionEndNotice, reported: boolean): void {
    signedOutData(req.session, notice, reported);
  }

  readStamp(req: AnyRequest): SessionStamp | undefined {
    return readStamp(req.session);
  }

  writeStamp(req: AnyRequest, stamp: SessionStamp): void {
    req.session[SESSION_STAMP_FIELD] = storedStamp(stamp);
  }
}
