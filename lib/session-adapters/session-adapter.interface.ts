import type { SessionEndNotice } from '../session-record.interface.js';
import type { SessionStamp, SessionStoreLike } from '../server-session.js';
import type { AnyRequest } from '../transport-request.js';

/** What a check tells the tracker about a session besides its id; read only when the store is called. */
export interface SessionFacts {
  /** The session's own login time (epoch ms): a token's claim, a session's stamp; `undefined` on its login. */
  loginAt?: number;
  /** Until when the session can be presented (epoch ms), when the session says. */
  expiresAt?: number;
  /** The account the session was stamped for, when another account now uses it (a switch of account without a new id). */
  previousUserId?: string;
  /** The session store it lives in: the tracker then keeps its id, to sign it out there from any instance. */
  store?: SessionStoreLike;
  /** Its cookie: the app's cookie settings, for writing other sessions signed out in the store. */
  cookie?: unknown;
}

/**
 * Everything specific to one kind of session — express-session, `@fastify/session`,
 * `@fastify/secure-session`, tokens: how a request shows it, its id, its login, its stamp, how
 * it is signed out in place. Stateless: one instance per kind.
 */
export interface SessionAdapter {
  /** Whether the request (of `user`, if authenticated) carries a session of this kind. Property reads only: it runs on every checked request. */
  owns(req: AnyRequest, user: unknown): boolean;
  /** The id of the request's session; `undefined` when it has none (the request then passes unchecked). */
  sessionId(req: AnyRequest, user: unknown): string | undefined;
  /** Whether this request is its session's login for `userId`: a session not stamped for that account yet. Tokens: never. */
  isLogin(req: AnyRequest, userId: string): boolean;
  /** What the tracker is told about the session (see `SessionFacts`). */
  facts(req: AnyRequest, user: unknown, userId: string): SessionFacts;
  /** Stamps an admitted login in the session (with the store's login time), to be saved with it; returns the session's data it wrote the stamp in. */
  stampLogin(req: AnyRequest, userId: string, loginAt: number, previous?: SessionEndNotice): Record<string, any> | undefined;
  /** Signs the request's own session out in place: its data goes, the notice stays to be told (`reported`: it is being told now). */
  signOut(req: AnyRequest, notice: SessionEndNotice, reported: boolean): void;
  /** The library's stamp in the request's session, if any. */
  readStamp(req: AnyRequest): SessionStamp | undefined;
  /** Writes a changed stamp back, so that it is saved with the session. */
  writeStamp(req: AnyRequest, stamp: SessionStamp): void;
}
