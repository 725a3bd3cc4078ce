import { HttpException, Inject, Injectable } from '@nestjs/common';
import { decide } from './session-order.js';
import { sessionHandle } from './session-keys.js';
import { SessionEvictedException } from './session-evicted.exception.js';
import { SessionLimitExceededException } from './session-limit-exceeded.exception.js';
import { SessionStoreUnavailableException } from './session-store-unavailable.exception.js';
import { SessionRegistry } from './session-registry.js';
import type { SessionStoreLike } from './server-session.js';
import type { AccountRecord, SessionEndNotice, StoredSession } from './session-record.interface.js';
import { SINGLE_SESSION_OPTIONS } from './single-session.internal-constants.js';
import { isSessionLimit, type ResolvedOptions } from './single-session-options.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { signedOutData } from './server-session.js';

/** Longest user agent kept with a session; longer ones are cut. */
const MAX_USER_AGENT_LENGTH = 512;

/** One authenticated request's session, as the guard found it. */
export interface SessionCheck {
  /** `req.user`. */
  user: unknown;
  /** Account id, as a string. */
  userId: string;
  /** Raw session id (express-session id, or a token's `sid`/`jti`). */
  sessionId: string;
  /** Login time of the session, epoch ms. */
  loginAt: number;
  /** Whether this request is the session's login (its first sight by the guard). */
  isNewLogin: boolean;
  /** Client IP. */
  ip?: string;
  /** `User-Agent` header. */
  userAgent?: string;
  /** The request's own express-session data, when the session is a server session. */
  serverSession?: Record<string, any>;
  /** The app's express-session store, where sessions that lose their place are signed out. */
  sessionStore?: SessionStoreLike;
}

/**
 * Applies the ordering rule to one request: registers or refreshes its session, signs out
 * the sessions that lost their place, and throws when the request's own session lost it.
 */
@Injectable()
export class SessionEnforcer {
  private readonly log = new RateLimitedLogger();

  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) private readonly options: ResolvedOptions,
    private readonly registry: SessionRegistry,
  ) {}

  /** Passes, or throws `SessionEvictedException` / `SessionLimitExceededException`. */
  async enforce(check: SessionCheck): Promise<void> {
    const handle = sessionHandle(check.sessionId);
    const now = Date.now();
    const key = this.registry.keyOf(check.userId);
    if (!check.isNewLogin && this.registry.verdicts.isFresh(handle, key, now)) return;
    try {
      await this.check(check, handle, key, now);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.log.error('store', `The session store failed (${String(error)}); requests are ${this.options.onStoreError === 'deny' ? 'refused' : 'let through unchecked'} until it recovers (onStoreError: '${this.options.onStoreError}').`);
      if (this.options.onStoreError === 'deny') throw new SessionStoreUnavailableException();
    }
  }

  private async check(check: SessionCheck, handle: string, key: string, now: number): Promise<void> {
    this.registry.useSessionStore(check.sessionStore);
    const mark = this.registry.verdicts.mark();
    const storage = this.registry.storage;
    let record: AccountRecord | undefined = check.isNewLogin ? undefined : await storage.read(key);
    const ended = record?.ended[handle];
    if (ended) throw this.signOutSelf(check, ended);
    const stored = record?.sessions[handle];
    if (!record || !stored || now - stored.lastSeenAt >= this.options.touchInterval) {
      const { ip, serverSession } = check;
      const userAgent = check.userAgent?.slice(0, MAX_USER_AGENT_LENGTH);
      const sid = serverSession ? check.sessionId : undefined;
      const loginAt = stored ? Math.min(stored.loginAt, check.loginAt) : check.loginAt;
      record = await storage.putSession(key, handle, { loginAt, lastSeenAt: now, sid, ip, userAgent }, this.options.ttl);
      if (!stored) {
        this.registry.verdicts.accountChanged(key);
        this.registry.emit('registered', check.userId, handle, 'login', now);
      }
    }
    const limit = await this.limitFor(check.user);
    if (limit === undefined) return;
    const verdict = decide(record, { now, maxSessions: limit, strategy: this.options.strategy, idleTimeout: this.options.idleTimeout });
    if (verdict.losers.size > 0) {
      const newest = verdict.holders
        .map((holder) => record.sessions[holder])
        .reduce<StoredSession | undefined>((a, b) => (b && (!a || b.loginAt > a.loginAt) ? b : a), undefined);
      const notices = new Map<string, SessionEndNotice>();
      for (const [loser, reason] of verdict.losers) {
        const by = reason !== 'limit' && newest ? { loginAt: newest.loginAt, userAgent: newest.userAgent } : undefined;
        notices.set(loser, by ? { reason, endedAt: now, by } : { reason, endedAt: now });
      }
      await this.registry.end(check.userId, record, notices);
      const mine = notices.get(handle);
      if (mine) throw this.signOutSelf(check, mine, limit);
    }
    this.registry.verdicts.confirm(handle, now, mark);
  }

  /** Signs the request's own session out (in place, when it is a server session) and returns what to throw. */
  private signOutSelf(check: SessionCheck, notice: SessionEndNotice, limit?: number): HttpException {
    if (check.serverSession) signedOutData(check.serverSession, notice, true);
    return notice.reason === 'limit'
      ? new SessionLimitExceededException(limit, notice.endedAt)
      : new SessionEvictedException(notice);
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
