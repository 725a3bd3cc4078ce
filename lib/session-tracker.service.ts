import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { sessionHandle } from './session-keys.js';
import type { SessionEvent, SessionInfo } from './session-record.interface.js';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionRegistry } from './session-registry.js';
import { userIdOf } from './request-identity.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { httpExceptionFor } from './session-end-exceptions.js';
import { defaultSessionId } from './session-adapters/session-adapters.js';
import type { AnyRequest } from './transport-request.js';

/** A login the app registers itself, for sessions the guard cannot see being created (JWTs). */
export interface LoginRegistration {
  /** The session's id: for a JWT, its `jti` (or `sid`) claim. Give every token a new one. */
  sessionId: string;
  /**
   * Login time, epoch ms; for a JWT, its `auth_time` or `iat` × 1000 (keep the milliseconds:
   * logins within one second are otherwise ordered by registration).
   * @default the store's clock
   */
  loginAt?: number;
  /** Until when the token can be presented, epoch ms (its `exp` × 1000). @default now + `tokenLifetime` */
  expiresAt?: number;
  /** Client IP, shown by `list()`. */
  ip?: string;
  /** User agent, shown by `list()`. */
  userAgent?: string;
}

/**
 * The registry of every account's sessions: list them, sign them out, register logins the
 * guard cannot see, and follow what happens on `events$`. Injectable from any module once
 * `SingleSessionModule` is imported. Every method that reaches the store throws
 * `SessionStoreUnavailableException` (503, `code: 'SESSION_STORE_UNAVAILABLE'`) when it fails.
 */
@Injectable()
export class SessionTrackerService {
  /**
   * Every registration, eviction, refusal, revocation and logout, as it happens on this
   * instance. A subscriber that throws is logged; the others still get the event.
   */
  readonly events$: Observable<SessionEvent>;
  private readonly log = new RateLimitedLogger();

  constructor(
    private readonly registry: SessionRegistry,
    private readonly enforcer: SessionEnforcer,
  ) {
    this.events$ = registry.events$;
  }

  /** The account's live sessions, newest login first. */
  async list(userId: string | number): Promise<SessionInfo[]> {
    const { registry } = this;
    const key = registry.keyOf(userId);
    const sessions = await registry.stored(() => registry.storage.list(key, registry.options.ttl));
    return Object.entries(sessions)
      .sort(([, a], [, b]) => b.loginAt - a.loginAt || b.seq - a.seq)
      .map(([handle, { loginAt, lastSeenAt, ip, userAgent }]) => ({ handle, loginAt, lastSeenAt, ip, userAgent }));
  }

  /** Signs one session of the account out; `false` when it has no such live session. */
  async revoke(userId: string | number, handle: string): Promise<boolean> {
    if (typeof handle !== 'string' || handle.length === 0) return false;
    return (await this.registry.endSessions(userId, { handles: [handle], onlyLive: true }, 'revoked')).length === 1;
  }

  /**
   * Signs out every session of the account but the one with this session id, including tokens
   * issued before now that the tracker has not seen yet; returns how many live sessions ended.
   */
  async revokeOthers(userId: string | number, currentSessionId: string): Promise<number> {
    return (await this.registry.endSessions(userId, { all: true, except: sessionHandle(currentSessionId) }, 'revoked')).length;
  }

  /**
   * Signs out every session of the account (after a password change, say), including tokens
   * issued before now that the tracker has not seen yet; returns how many live sessions ended.
   * O(1) in storage whatever the number of sessions: one account-wide mark.
   */
  async revokeAll(userId: string | number): Promise<number> {
    return (await this.registry.endSessions(userId, { all: true }, 'revoked')).length;
  }

  /**
   * The id under which the request's session is tracked, as the guard finds it without the
   * `getSessionId` option: a bearer token's `sid`/`jti`, express-session's `req.sessionID`,
   * `@fastify/session`'s `req.session.sessionId`, the id the library keeps in a
   * `@fastify/secure-session` cookie, else the `sid`/`jti` of `req.user`. For `handleOf()`
   * ("this device") and `revokeOthers()`.
   */
  sessionIdOf(req: object): string | undefined {
    return defaultSessionId(req as AnyRequest);
  }

  /** The opaque handle under which a session id is tracked and listed. */
  handleOf(sessionId: string): string {
    return sessionHandle(sessionId);
  }

  /**
   * Registers a login when it happens, for sessions the guard cannot see being created: call it
   * in a JWT login handler before signing the token. Under `'reject-new'` it throws
   * `SessionLimitExceededException` (403) when the account is full; under `'evict-oldest'` the
   * sessions that lose their place are signed out at once. An id that had ended is admitted
   * again as a new login. Cookie sessions need no call.
   * A user with no account id is a configuration error: logged, and the login is not tracked.
   */
  async register(user: unknown, login: LoginRegistration): Promise<void> {
    const userId = userIdOf(this.registry.options, user);
    if (userId === undefined) {
      this.log.error('user-id', 'register() could not read an account id from the user (none of id, sub, _id, userId); the login is NOT tracked. Set the `getUserId` option of SingleSessionModule.');
      return;
    }
    if (typeof login?.sessionId !== 'string' || login.sessionId.length === 0) {
      this.log.error('register-session-id', 'register() was called without a sessionId (a non-empty string, such as the token\'s jti); the login is NOT tracked.');
      return;
    }
    const { sessionId, loginAt, expiresAt, ip, userAgent } = login;
    const { refusal } = await this.enforcer.enforce({ user, userId, sessionId, loginAt, expiresAt, ip, userAgent, isNewLogin: true });
    if (refusal) throw httpExceptionFor(refusal);
  }

  /**
   * Ends a session as a logout: it is refused from now on (401, `reason: 'logout'`) and its place
   * is free at once. For tokens and `@fastify/secure-session` sessions, call it in the logout
   * handler; express-session and `@fastify/session` logouts (`req.logout()`,
   * `req.session.destroy()`) are seen in the session store by themselves.
   */
  async logout(userId: string | number, sessionId: string): Promise<void> {
    await this.registry.endSessions(userId, { handles: [sessionHandle(sessionId)] }, 'logout');
  }
}
