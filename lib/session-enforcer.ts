import { HttpException, Inject, Injectable } from '@nestjs/common';
import { sessionHandle } from './session-keys.js';
import type { SessionRefusal } from './session-end-exceptions.js';
import { SessionStoreUnavailableException } from './session-store-unavailable.exception.js';
import { SessionRegistry } from './session-registry.js';
import type { SessionEndNotice, StoredSession } from './session-record.interface.js';
import { SINGLE_SESSION_OPTIONS } from './single-session.internal-constants.js';
import { isSessionLimit, type ResolvedOptions } from './single-session-options.js';
import { RateLimitedLogger } from './rate-limited-logger.js';

/** `ended` without the newer session's user agent in its notice (`showNewerDevice: false`). */
export function withoutDevice<T extends { notice: SessionEndNotice }>(ended: T): T {
  if (!ended.notice.by?.userAgent) return ended;
  return { ...ended, notice: { ...ended.notice, by: { loginAt: ended.notice.by.loginAt } } };
}

/** Longest user agent kept with a session; longer ones are cut. */
const MAX_USER_AGENT_LENGTH = 512;

/** One authenticated request's session, as the guard found it. */
export interface SessionCheck {
  /** `req.user`. */
  user: unknown;
  /** Account id, as a string. */
  userId: string;
  /** Raw session id (a session library's id, the library's own id of a cookie session, a token's `sid`/`jti`). */
  sessionId: string;
  /** The session's own login time (a token's claim, a server session's stamp), epoch ms. */
  loginAt?: number;
  /** Until when the session can be presented (epoch ms); `tokenLifetime` from now when unknown. */
  expiresAt?: number;
  /** Whether this request is the session's login. */
  isNewLogin: boolean;
  /** Client IP. */
  ip?: string;
  /** `User-Agent` header. */
  userAgent?: string;
  /** The session's id in its session store, when it lives in one (the tracker keeps it to sign the session out there). */
  sid?: string;
  /** The session's cookie: the app's cookie settings, for writing sessions it ends signed out in the store. */
  cookie?: unknown;
}

/** What the enforcer found: the session as stored when it holds its account, or why it does not. Neither when the check was skipped. */
export interface Enforcement {
  /** The session as stored, when it holds its account. */
  held?: StoredSession;
  /** Why the session does not hold its account. */
  refusal?: SessionRefusal;
}

/** Outcome of a skipped check (an unusable limit, a store failure under `'allow'`). */
const SKIPPED: Enforcement = Object.freeze({});

/**
 * Applies the limit to one request: presents its session to the storage (one atomic call),
 * signs out the sessions that lost their place, and says whether the request's own session lost it.
 */
@Injectable()
export class SessionEnforcer {
  private readonly log = new RateLimitedLogger();

  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) private readonly options: ResolvedOptions,
    private readonly registry: SessionRegistry,
  ) {}

  /**
   * Presents the session to the store (callers skip sessions with a fresh verdict: see
   * `VerdictCache`) and returns what it found (see `Enforcement`). Throws
   * `SessionStoreUnavailableException` when the store fails under `onStoreError: 'deny'`.
   */
  async enforce(check: SessionCheck): Promise<Enforcement> {
    const handle = sessionHandle(check.sessionId);
    const key = this.registry.keyOf(check.userId);
    const limit = await this.limitFor(check.user);
    if (limit === undefined) return SKIPPED;
    try {
      return await this.check(check, handle, key, limit);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.log.error('store', `The session store failed (${String(error)}); requests are ${this.options.onStoreError === 'deny' ? 'refused' : 'let through unchecked'} until it recovers (onStoreError: '${this.options.onStoreError}').`);
      if (this.options.onStoreError === 'deny') throw new SessionStoreUnavailableException();
      return SKIPPED;
    }
  }

  private async check(check: SessionCheck, handle: string, key: string, limit: number): Promise<Enforcement> {
    const { registry } = this;
    const mark = registry.verdicts.mark();
    const result = await registry.storage.admit(
      key,
      {
        handle,
        login: check.isNewLogin,
        loginAt: check.loginAt,
        expiresAt: check.expiresAt ?? Date.now() + this.options.tokenLifetime,
        sid: check.sid,
        ip: check.ip,
        userAgent: check.userAgent?.slice(0, MAX_USER_AGENT_LENGTH),
      },
      registry.ruleFor(limit),
    );
    if (result.clampedLoginAt) {
      this.log.warnOnce('future-login', `A session of account ${check.userId} claimed a login time in the future (${new Date(check.loginAt!).toISOString()}); it was ordered as a login now. Check the clock of the token issuer.`);
    }
    if (result.registered) {
      // A new session may rank above sessions this instance confirmed even when the store had lost
      // them (a wipe): their verdicts must be read again.
      registry.verdicts.accountChanged(key);
      registry.emit('registered', check.userId, handle, 'login', result.now);
    }
    const ended = this.options.showNewerDevice ? result.ended : result.ended.map(withoutDevice);
    await registry.settle(check.userId, key, ended, check.cookie);
    if (result.notice) {
      const notice = this.options.showNewerDevice ? result.notice : withoutDevice({ notice: result.notice }).notice;
      return { refusal: { notice, maxSessions: limit } };
    }
    registry.verdicts.confirm(check.sessionId, check.userId, key, Date.now(), mark);
    return { held: result.session };
  }

  /** The account's limit, or `undefined` (logged) when a `maxSessions` function misbehaves. */
  private async limitFor(user: unknown): Promise<number | undefined> {
    const { maxSessions } = this.options;
    if (typeof maxSessions !== 'function') return maxSessions;
    try {
      const limit = await maxSessions(user);
      if (isSessionLimit(limit)) return limit;
      this.log.error('maxSessions', `The maxSessions function returned ${String(limit)}, not a whole number ≥ 1 or Infinity; the request passes unchecked.`);
    } catch (error) {
      this.log.error('maxSessions', `The maxSessions function threw (${String(error)}); the request passes unchecked.`);
    }
    return undefined;
  }
}
