import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { sessionHandle } from './session-keys.js';
import type { SessionRefusal } from './session-end-exceptions.js';
import { SessionStoreUnavailableException } from './session-store-unavailable.exception.js';
import { SessionRegistry } from './session-registry.js';
import type { SessionChoice, SessionEndNotice, SessionEvent, StoredSession } from './session-record.interface.js';
import { holdingSessions } from './session-info.js';
import { appliedLimitOf, deviceClassOf, isLimitProblem, usableDeviceClass, type AppliedLimit } from './session-limits.js';
import { placesOf } from './account-state.js';
import { wouldDecide } from './dry-run.js';
import type { SessionLimits } from './single-session-options.interface.js';
import { SINGLE_SESSION_OPTIONS } from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';
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
  /** The request, for the `deviceClass` option. */
  request?: object;
  /** The session's device class when it is known already (the classifier is then not asked). */
  deviceClass?: string;
  /** Under `'choose'`: the handle of the session a pending one chose to take the place of. */
  replace?: string;
}

/** What the limit of a session depends on: its user, and its request (or client facts) or known class. */
type LimitFacts = Pick<SessionCheck, 'user' | 'request' | 'deviceClass' | 'ip' | 'userAgent'>;

/** What the enforcer found. Nothing when the check was skipped. */
export interface Enforcement {
  /** When the session is live (it holds its place, or waits for a choice): its login time as stored, what a login is stamped with. */
  loginAt?: number;
  /** Why the session does not hold its account. */
  refusal?: SessionRefusal;
  /** Under `'choose'`, for a pending session: what it may choose. */
  choice?: SessionChoice;
}

/** Outcome of a skipped check (an unusable limit, a store failure under `'allow'`). */
const SKIPPED: Enforcement = Object.freeze({});

/**
 * Applies the limit to one request: presents its session to the storage (one atomic call),
 * signs out the sessions that lost their place, and says whether the request's own session
 * lost it or waits for a choice. Under `dryRun`, ranks nothing in the store and reports what
 * the limit would decide at each login (`reportDryRun`).
 */
@Injectable()
export class SessionEnforcer {
  private readonly log = new RateLimitedLogger();
  private readonly logger = new Logger('SingleSession');
  /** The limit when `maxSessions` is one number: the same for every session, read with no call and no wait. */
  private readonly fixedLimit?: AppliedLimit;

  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) private readonly options: ResolvedOptions,
    private readonly registry: SessionRegistry,
  ) {
    if (typeof options.maxSessions === 'number') this.fixedLimit = Object.freeze({ limit: options.maxSessions });
  }

  /**
   * Presents the session to the store (callers skip sessions with a fresh verdict: see
   * `VerdictCache`) and returns what it found (see `Enforcement`). Throws
   * `SessionStoreUnavailableException` when the store fails under `onStoreError: 'deny'`.
   */
  async enforce(check: SessionCheck): Promise<Enforcement> {
    const handle = sessionHandle(check.sessionId);
    const key = this.registry.keyOf(check.userId);
    const applied = this.fixedLimit ?? (await this.limitFor(check));
    if (applied === undefined) return SKIPPED;
    try {
      return await this.check(check, handle, key, applied);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.log.error('store', `The session store failed (${String(error)}); requests are ${this.options.onStoreError === 'deny' ? 'refused' : 'let through unchecked'} until it recovers (onStoreError: '${this.options.onStoreError}').`);
      if (this.options.onStoreError === 'deny') throw new SessionStoreUnavailableException();
      return SKIPPED;
    }
  }

  private async check(check: SessionCheck, handle: string, key: string, { limit, deviceClass }: AppliedLimit): Promise<Enforcement> {
    const { registry, options } = this;
    const mark = registry.verdicts.mark();
    const result = await registry.storage.admit(
      key,
      {
        handle,
        login: check.isNewLogin,
        loginAt: check.loginAt,
        expiresAt: check.expiresAt ?? Date.now() + options.tokenLifetime,
        sid: check.sid,
        ip: check.ip,
        userAgent: check.userAgent?.slice(0, MAX_USER_AGENT_LENGTH),
        deviceClass,
        replace: check.replace,
      },
      // A dry run ranks nothing in the store: its decisions are worked out on a copy (see `reportDryRun`).
      registry.ruleFor(options.dryRun ? Infinity : limit),
    );
    if (result.clampedLoginAt) {
      this.log.warnOnce('future-login', `A session of account ${check.userId} claimed a login time in the future (${new Date(check.loginAt!).toISOString()}); it was ordered as a login now. Check the clock of the token issuer.`);
    }
    const pending = result.session?.pendingUntil !== undefined;
    // A new session may rank above sessions this instance confirmed even when the store had lost
    // them (a wipe), and sessions it ended may be confirmed here: the account's verdicts must be read again.
    if (result.registered || result.promoted || result.ended.length > 0) registry.verdicts.accountChanged(key);
    let loginEvent: SessionEvent | undefined;
    if (result.registered || result.promoted) {
      // Emitted with the sessions the login ended, once they are signed out: one message to the other instances.
      loginEvent = registry.eventOf(pending ? 'pending' : 'registered', check.userId, handle, 'login', result.now);
      if (result.registered && placesOf(limit, deviceClass) === Infinity && typeof limit === 'object' && deviceClass !== undefined) {
        this.log.error(`class:${deviceClass}`, `A session of account ${check.userId} registered with the device class '${deviceClass}', for which maxSessions names no limit (it names ${Object.keys(limit).join(', ')}): sessions of that class are not limited.`);
      }
    }
    const ended = options.showNewerDevice ? result.ended : result.ended.map(withoutDevice);
    await registry.settle(check.userId, ended, { cookieTemplate: check.cookie, first: loginEvent });
    if (options.dryRun && result.registered) await this.reportDryRun(check.userId, key, handle, limit, result.now);
    if (result.notice) {
      const notice = options.showNewerDevice ? result.notice : withoutDevice({ notice: result.notice }).notice;
      return { refusal: { notice, maxSessions: placesOf(limit, deviceClass) } };
    }
    const session = result.session!;
    if (pending) return { loginAt: session.loginAt, choice: await this.choiceFor(key, session, limit) };
    registry.verdicts.confirm(check.sessionId, check.userId, key, Date.now(), mark);
    return { loginAt: session.loginAt };
  }

  /**
   * Under `dryRun`, after a session registered: works out on a copy of the account what the
   * limit would have decided (`wouldDecide`), then logs it and reports it on `events$` (events
   * marked `dryRun`); nothing is signed out and the store keeps no such decision, so that turning
   * the dry run off starts from the sessions as they are.
   */
  private async reportDryRun(userId: string, key: string, handle: string, limit: number | SessionLimits, now: number): Promise<void> {
    const { registry, options } = this;
    const decided = wouldDecide(await registry.storage.list(key, options.ttl), handle, registry.ruleFor(limit), now);
    if (!decided) return;
    const ended = options.showNewerDevice ? decided.ended : decided.ended.map(withoutDevice);
    await registry.settle(userId, ended, { dryRun: true });
    if (decided.session?.pendingUntil !== undefined) {
      this.logger.log(`Dry run: session ${handle} of account ${userId} would wait for its person to choose a session to sign out (strategy 'choose').`);
      registry.emit('pending', userId, handle, 'login', now, true);
    }
  }

  /** What a pending session (as stored) may choose: the sessions ranked with it (its class's, with limits per class) that hold their place. */
  async choiceFor(key: string, session: StoredSession, limit: number | SessionLimits): Promise<SessionChoice> {
    const { registry } = this;
    const stored = await registry.storage.list(key, registry.options.ttl);
    const sessions = holdingSessions(stored, typeof limit === 'number' ? undefined : { of: session.deviceClass });
    const choice: SessionChoice = { sessions, choiceExpiresAt: session.pendingUntil!, maxSessions: placesOf(limit, session.deviceClass) };
    if (session.deviceClass !== undefined) choice.deviceClass = session.deviceClass;
    return choice;
  }

  /**
   * The limit and the class a session would register with, or `undefined` (logged) when
   * `maxSessions` gives no usable limit. `classify` names the class (by default from the request).
   */
  async limitFor(check: LimitFacts, classify = () => this.classify(check)): Promise<AppliedLimit | undefined> {
    try {
      return await appliedLimitOf(this.options, check.user, classify);
    } catch (error) {
      return this.logLimitProblem(error);
    }
  }

  /**
   * The class the session gets if it registers now; `undefined` (logged) when none can be read.
   * A session the store holds keeps the class it registered with, whatever this says.
   */
  private classify(check: LimitFacts): string | undefined {
    try {
      return check.deviceClass === undefined ? deviceClassOf(this.options, check.request ?? clientRequest(check), check.user) : usableDeviceClass(check.deviceClass, 'The deviceClass given');
    } catch (error) {
      return this.logLimitProblem(error);
    }
  }

  /** Logs a `LimitProblem` (rate-limited, by its kind) and gives `undefined`; rethrows any other error. */
  private logLimitProblem(error: unknown): undefined {
    if (!isLimitProblem(error)) throw error;
    this.log.error(error.kind, error.problem);
    return undefined;
  }
}

/** A request with only a session's client facts, for the `deviceClass` option when there is no request (`register()`). */
function clientRequest(check: LimitFacts): object {
  return { headers: check.userAgent === undefined ? {} : { 'user-agent': check.userAgent }, ip: check.ip };
}
