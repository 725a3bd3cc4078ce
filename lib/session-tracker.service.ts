import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { sessionHandle } from './session-keys.js';
import type { SessionChoice, SessionEndNotice, SessionEvent, SessionInfo, StoredSession } from './session-record.interface.js';
import { SessionChoiceRequiredException } from './session-choice-required.exception.js';
import { holdingSessions } from './session-info.js';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionRegistry } from './session-registry.js';
import { userIdOf } from './request-identity.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { httpExceptionFor } from './session-end-exceptions.js';
import { defaultSessionId } from './session-adapters/session-adapters.js';
import type { AnyRequest } from './transport-request.js';
import { SessionWatchers } from './session-watchers.js';
import { watchedRequest } from './watched-request.js';

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
  /**
   * The session's device class, when the `deviceClass` option is set.
   * @default the `deviceClass` option's answer for a request with this `userAgent` and `ip`
   */
  deviceClass?: string;
}

/**
 * The registry of every account's sessions: list them, sign them out, register logins the
 * guard cannot see, follow what happens on `events$`, and watch one session until it ends
 * (`watch`, `watchRequest`). Injectable from any module once
 * `SingleSessionModule` is imported. Every method that reaches the store throws
 * `SessionStoreUnavailableException` (503, `code: 'SESSION_STORE_UNAVAILABLE'`) when it fails.
 */
@Injectable()
export class SessionTrackerService {
  /**
   * Every registration, eviction, refusal, revocation and logout of every instance sharing the
   * store (Redis), each once, with the instance that decided it (`instanceId`); with a store of
   * this process alone, this instance's. This instance's events come as they happen, the
   * others' a moment later. A subscriber that throws is logged; the others still get the event.
   */
  readonly events$: Observable<SessionEvent>;
  private readonly log = new RateLimitedLogger();
  private readonly watchers: SessionWatchers;

  constructor(
    private readonly registry: SessionRegistry,
    private readonly enforcer: SessionEnforcer,
  ) {
    this.events$ = registry.events$;
    this.watchers = new SessionWatchers(registry);
  }

  /** This instance's id: the `instanceId` of the events it decides. Random, new at every start. */
  get instanceId(): string {
    return this.registry.instanceId;
  }

  /**
   * The account's live sessions, newest login first, each with its `deviceClass` when classes
   * are used. Pending sessions (`strategy: 'choose'`) are not listed: they hold no place yet.
   */
  async list(userId: string | number): Promise<SessionInfo[]> {
    const { registry } = this;
    const key = registry.keyOf(userId);
    return holdingSessions(await registry.stored(() => registry.storage.list(key, registry.options.ttl)));
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
   * sessions that lose their place are signed out at once; under `'choose'`, when the account is
   * full, the login waits and the choice to offer is returned (the token's requests get 409
   * until `choose()`). An id that had ended is admitted again as a new login. Cookie sessions
   * need no call. A user with no account id is a configuration error: logged, and the login is
   * not tracked.
   * @returns `undefined` when the session holds its place; its `SessionChoice` when it waits.
   */
  async register(user: unknown, login: LoginRegistration): Promise<SessionChoice | undefined> {
    const userId = userIdOf(this.registry.options, user);
    if (userId === undefined) {
      this.log.error('user-id', 'register() could not read an account id from the user (none of id, sub, _id, userId); the login is NOT tracked. Set the `getUserId` option of SingleSessionModule.');
      return;
    }
    if (typeof login?.sessionId !== 'string' || login.sessionId.length === 0) {
      this.log.error('register-session-id', 'register() was called without a sessionId (a non-empty string, such as the token\'s jti); the login is NOT tracked.');
      return;
    }
    const { sessionId, loginAt, expiresAt, ip, userAgent, deviceClass } = login;
    const { refusal, choice } = await this.enforcer.enforce({ user, userId, sessionId, loginAt, expiresAt, ip, userAgent, deviceClass, isNewLogin: true });
    if (refusal) throw httpExceptionFor(refusal);
    return choice;
  }

  /**
   * Under `strategy: 'choose'`: the person of a pending session chose to sign out the session
   * `handleToEnd` (a `handle` of the 409's `sessions`) to continue on the pending one. In one
   * atomic step the chosen session is ended (reason `'replaced'`: its owner gets a 401 and its
   * watchers the notice) and the pending session takes its place. Call it from an
   * `@AllowMultiSession()` route with the pending session's id (`sessionIdOf(req)`).
   *
   * Resolves when the pending session holds its place: after the choice, or because a place
   * was free anyway (a session logged out or went idle meanwhile: the chosen one is then left
   * alone), or because it held it already. A session the store lost (a wipe) is presented as
   * its next request would be, with the choice.
   * Throws `SessionChoiceRequiredException` (409, with the sessions as they are now) when
   * `handleToEnd` names no session that can be chosen (already gone, taken by another pending
   * session's choice, another class) and no place is free; `SessionLimitExceededException` (403)
   * when the choice came after `choiceTimeout`; `SessionEvictedException` (401) when the pending
   * session was signed out meanwhile; `SessionStoreUnavailableException` (503) when the store fails.
   *
   * @param user the account's user (`req.user`): needed only when `maxSessions` is a function
   */
  async choose(userId: string | number, pendingSessionId: string, handleToEnd: string, user?: unknown): Promise<void> {
    this.checkChoiceArguments(pendingSessionId, user, 'choose');
    const stored = await this.storedSession(userId, pendingSessionId);
    if (stored && stored.pendingUntil === undefined) return;
    // Presented like a request of the session, with the choice: an ended session gets its refusal.
    const { refusal, choice } = await this.enforcer.enforce({
      user,
      userId: String(userId),
      sessionId: pendingSessionId,
      isNewLogin: false,
      loginAt: stored?.loginAt,
      expiresAt: stored?.expiresAt,
      deviceClass: stored?.deviceClass,
      replace: typeof handleToEnd === 'string' ? handleToEnd : undefined,
    });
    if (refusal) throw httpExceptionFor(refusal);
    if (choice) throw new SessionChoiceRequiredException(choice);
  }

  /**
   * Under `strategy: 'choose'`: what a pending session may choose (the body of its 409), for a
   * chooser page served by an `@AllowMultiSession()` route; `undefined` when the session is not
   * pending (it holds its place, has ended, or is unknown). Changes nothing.
   * @param user the account's user (`req.user`): needed only when `maxSessions` is a function
   */
  async choiceOf(userId: string | number, sessionId: string, user?: unknown): Promise<SessionChoice | undefined> {
    this.checkChoiceArguments(sessionId, user, 'choiceOf');
    const pending = await this.storedSession(userId, sessionId);
    if (pending?.pendingUntil === undefined || pending.pendingUntil <= Date.now()) return undefined;
    const applied = await this.enforcer.limitFor({ user }, () => pending.deviceClass);
    if (!applied) return undefined;
    const { registry } = this;
    return registry.stored(() => this.enforcer.choiceFor(registry.keyOf(userId), pending, applied.limit));
  }

  /** Throws for arguments a method of `'choose'` cannot work with. */
  private checkChoiceArguments(sessionId: unknown, user: unknown, method: string): void {
    if (typeof sessionId !== 'string' || sessionId.length === 0) throw new UnauthorizedException('There is no signed-in session to choose for.');
    if (user === undefined && typeof this.registry.options.maxSessions === 'function') {
      throw new TypeError(`${method}() needs the user (its last argument, req.user) when maxSessions is a function.`);
    }
  }

  /** The session as the store holds it live (pending or not), if it does. */
  private async storedSession(userId: string | number, sessionId: string): Promise<StoredSession | undefined> {
    const { registry } = this;
    const sessions = await registry.stored(() => registry.storage.list(registry.keyOf(userId), registry.options.ttl));
    const handle = sessionHandle(sessionId);
    return Object.hasOwn(sessions, handle) ? sessions[handle] : undefined;
  }

  /**
   * Watches one session until it ends on any instance — evicted, revoked, idle and replaced,
   * logged out — and then emits its end notice (the body of the 401/403 it would get: `reason`,
   * `endedAt`, `by`) once and completes. When the session has ended already, the notice comes
   * at once. Unsubscribing stops the watch without a notice; closing the app completes it.
   *
   * Costs nothing per request: a watcher is an entry in one map per instance, told by the one
   * subscription that carries `events$`. Subscribing costs one store call, the one a request of
   * the session makes, which also puts back a session that the store lost (a wipe, `ttl`).
   * Hence `loginAt`: the session's login time, when known (a server session's stamp, a token's
   * `auth_time` or `iat`, in ms), so that it keeps its rank; without it, a session put back
   * ranks as a login now. `watchRequest` reads it from the request.
   */
  watch(userId: string | number, sessionId: string, loginAt?: number): Observable<SessionEndNotice> {
    return this.watchers.watch(userId, sessionId, loginAt);
  }

  /**
   * `watch()` for the session of a request, for a route that streams it to the browser
   * (`@Sse()`; README: "Live sign-out"): an express-session signed in with passport, or a token
   * whose payload in `req.user` has a `sid` or `jti` claim. A server session already signed out
   * gets its notice at once. Throws `UnauthorizedException` (401) for a request with no session
   * to watch. Reads the session as the default `getSessionId` does: with your own, call `watch()`.
   */
  watchRequest(req: Record<string, any>): Observable<SessionEndNotice> {
    if (this.registry.options.getSessionId) {
      throw new Error('watchRequest() reads the session id as the default getSessionId does; with the getSessionId option, call watch(userId, sessionId, loginAt) instead.');
    }
    const watched = watchedRequest(this.registry.options, req);
    if (!watched) throw new UnauthorizedException('There is no signed-in session to watch.');
    if ('ended' in watched) return this.watchers.ended(watched.ended);
    return this.watch(watched.userId, watched.sessionId, watched.loginAt);
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
