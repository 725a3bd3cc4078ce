import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { byLoginTime } from './session-order.js';
import { sessionHandle } from './session-keys.js';
import type { AccountRecord, SessionEndNotice, SessionEvent, SessionInfo } from './session-record.interface.js';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionRegistry } from './session-registry.js';
import { userIdOf } from './request-identity.js';
import { RateLimitedLogger } from './rate-limited-logger.js';

/** A login the app registers itself, for sessions the guard cannot see being created (JWTs). */
export interface LoginRegistration {
  /** The session's id: for a JWT, its `jti` (or `sid`) claim. */
  sessionId: string;
  /** Login time, epoch ms; for a JWT, its `iat` (or `auth_time`) × 1000. @default Date.now() */
  loginAt?: number;
  /** Client IP, shown by `list()`. */
  ip?: string;
  /** User agent, shown by `list()`. */
  userAgent?: string;
}

/**
 * The registry of every account's sessions: list them, sign them out, register logins the
 * guard cannot see, and follow what happens on `events$`. Injectable from any module once
 * `SingleSessionModule` is imported.
 */
@Injectable()
export class SessionTrackerService {
  /** Every registration, eviction, refusal, revocation and logout, as it happens on this instance. */
  readonly events$: Observable<SessionEvent>;
  private readonly log = new RateLimitedLogger();

  constructor(
    private readonly registry: SessionRegistry,
    private readonly enforcer: SessionEnforcer,
  ) {
    this.events$ = registry.events.asObservable();
  }

  /** The account's live sessions, newest login first. */
  async list(userId: string | number): Promise<SessionInfo[]> {
    const record = await this.registry.read(userId);
    return liveSessions(record).map(([handle, session]) => ({
      handle,
      loginAt: session.loginAt,
      lastSeenAt: session.lastSeenAt,
      ip: session.ip,
      userAgent: session.userAgent,
    }));
  }

  /** Signs one session of the account out; `false` when it has no such live session. */
  async revoke(userId: string | number, handle: string): Promise<boolean> {
    return (await this.revokeWhere(userId, (candidate) => candidate === handle)) === 1;
  }

  /** Signs out every session of the account but the one with this session id; returns how many. */
  revokeOthers(userId: string | number, currentSessionId: string): Promise<number> {
    const current = sessionHandle(currentSessionId);
    return this.revokeWhere(userId, (handle) => handle !== current);
  }

  /** Signs out every session of the account (after a password change, say); returns how many. */
  revokeAll(userId: string | number): Promise<number> {
    return this.revokeWhere(userId, () => true);
  }

  /** The opaque handle under which a session id is tracked and listed. */
  handleOf(sessionId: string): string {
    return sessionHandle(sessionId);
  }

  /**
   * Registers a login when it happens, for sessions the guard cannot see being created: call it
   * in a JWT login handler before signing the token. Under `'reject-new'` it throws
   * `SessionLimitExceededException` (403) when the account is full; under `'evict-oldest'` the
   * sessions that lose their place are signed out at once. Server sessions need no call.
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
    await this.enforcer.enforce({ user, userId, isNewLogin: true, ...login, loginAt: login.loginAt ?? Date.now() });
  }

  /**
   * Ends a session as a logout: a token session stays refused until the tracker forgets it, a
   * server session is dropped from the registry. express-session apps need not call it: a
   * request that logs out (passport's `req.logout()`, `req.session.destroy()`) is seen.
   */
  async logout(userId: string | number, sessionId: string): Promise<void> {
    const handle = sessionHandle(sessionId);
    const record = await this.registry.read(userId);
    if (record.sessions[handle]?.sid) {
      await this.registry.storage.forgetSessions(this.registry.keyOf(userId), [handle], this.registry.options.ttl);
      this.registry.verdicts.forget(handle);
      this.registry.emit('logged-out', userId, handle, 'logout');
    } else {
      await this.registry.end(userId, record, new Map([[handle, { reason: 'logout', endedAt: Date.now() }]]));
    }
  }

  private async revokeWhere(userId: string | number, selected: (handle: string) => boolean): Promise<number> {
    const record = await this.registry.read(userId);
    const endedAt = Date.now();
    const notices = new Map<string, SessionEndNotice>(
      liveSessions(record)
        .filter(([handle]) => selected(handle))
        .map(([handle]) => [handle, { reason: 'revoked', endedAt }]),
    );
    await this.registry.end(userId, record, notices);
    return notices.size;
  }
}

/** Sessions of a record that have not ended, newest login first. */
function liveSessions(record: AccountRecord) {
  return Object.entries(record.sessions)
    .filter(([handle]) => !(handle in record.ended))
    .sort(byLoginTime)
    .reverse();
}
