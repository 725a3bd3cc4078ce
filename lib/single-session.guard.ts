import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionEnforcer, type Enforcement } from './session-enforcer.js';
import { exceptionForTransport, httpExceptionFor, type SessionRefusal } from './session-end-exceptions.js';
import type { SessionEndNotice } from './session-record.interface.js';
import { SessionRegistry } from './session-registry.js';
import { sessionHandle } from './session-keys.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { readStamp, type SessionStamp } from './server-session.js';
import { defaultSessionId, tokenExpiresAt, tokenLoginAt, userIdOf } from './request-identity.js';
import { carrierOf, GUARD_OF_REQUEST } from './route-last-check.js';
import {
  ALLOW_MULTI_SESSION_KEY,
  CHECKED_SESSION,
  PREVIOUS_SESSION_END,
  SESSION_STAMP_FIELD,
  SINGLE_SESSION_OPTIONS,
} from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';

/** The request and response of an execution context, as the guard reads them. */
export interface RequestResponse {
  /** The request (express or any object with `user`, `session`, `headers`, `ip`). */
  req: Record<string | symbol, any>;
  /** The response, if the transport has one. */
  res?: unknown;
}

/**
 * Checks each authenticated request's session against the others of its account and signs
 * out the ones that lost their place. Unauthenticated requests and requests without a session
 * id pass: this is not an authentication guard. Registered by `SingleSessionModule` (unless
 * `global: false`) twice over: as a global guard, which runs before every route's own guards,
 * and as the last guard of every route, which sees what those guards did — the session a login
 * route's auth guard has just created, the user a route-level `AuthGuard('jwt')` has just
 * authenticated. A session is checked once per request.
 *
 * A session whose account was confirmed within `recheckInterval` passes synchronously, with no
 * I/O, no hashing and no allocation. Subclass the guard and override its protected hooks to
 * reach other transports or to answer otherwise (`throwSessionEnded`).
 */
@Injectable()
export class SingleSessionGuard implements CanActivate {
  private readonly log = new RateLimitedLogger();
  /** `@AllowMultiSession()` per handler and class, read once. */
  private readonly exemptions = new WeakMap<Function, WeakMap<Function, boolean>>();

  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) protected readonly options: ResolvedOptions,
    protected readonly reflector: Reflector,
    protected readonly registry: SessionRegistry,
    protected readonly enforcer: SessionEnforcer,
  ) {}

  /**
   * Passes every request, except one whose session lost its place (401/403) or, under
   * `onStoreError: 'deny'`, one that cannot be checked (503). Synchronous when nothing needs the store.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isAllowedMultiSession(context)) return true;
    const http = this.getRequestResponse(context);
    if (!http) return true;
    const { req } = http;
    const carrier = carrierOf(context);
    if (carrier && carrier[GUARD_OF_REQUEST] === undefined) carrier[GUARD_OF_REQUEST] = this;
    const user = this.getUser(req);
    if (!user) return this.reportSignedOut(context, req);
    const sessionId = this.getSessionId(context, req);
    if (!sessionId) {
      this.log.warnOnce('session-id', 'An authenticated request has no session id (no express-session, no `sid` or `jti` claim in req.user) and passes unchecked. Expected on a JWT login route; anywhere else, set the `getSessionId` option or follow the README\'s JWT recipe.');
      return true;
    }
    if (req[CHECKED_SESSION] === sessionId) return true;
    const userId = this.getUserId(user);
    if (userId === undefined) {
      this.log.error('user-id', 'Could not read an account id from req.user (none of id, sub, _id, userId); the session limit is NOT enforced. Set the `getUserId` option of SingleSessionModule.');
      return true;
    }
    const serverSession = req.session && req.sessionID === sessionId ? (req.session as Record<string, any>) : undefined;
    const stamp = serverSession ? readStamp(serverSession) : undefined;
    const isNewLogin = serverSession !== undefined && (stamp?.loginAt === undefined || stamp.userId !== userId);
    if (!isNewLogin && this.registry.verdicts.isFresh(sessionId, userId, Date.now())) {
      req[CHECKED_SESSION] = sessionId;
      return true;
    }
    return this.check(context, req, user, userId, sessionId, serverSession, stamp, isNewLogin);
  }

  /**
   * Throws what tells the client that its session ended: by default 401 `SESSION_EVICTED` or
   * 403 `SESSION_LIMIT_REACHED` (`SessionEvictedException`, `SessionLimitExceededException`),
   * as a `GraphQLError` with the same `extensions.code` in GraphQL and a `WsException` with the
   * same body in gateways. Override it to answer otherwise (a redirect, your own error type).
   */
  protected async throwSessionEnded(context: ExecutionContext, refusal: SessionRefusal): Promise<never> {
    throw await exceptionForTransport(context.getType(), httpExceptionFor(refusal));
  }

  /** Whether `@AllowMultiSession()` exempts the route (read once per handler). */
  protected isAllowedMultiSession(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byClass = this.exemptions.get(handler);
    let exempt = byClass?.get(controller);
    if (exempt === undefined) {
      exempt = this.reflector.getAllAndOverride<boolean>(ALLOW_MULTI_SESSION_KEY, [handler, controller]) === true;
      if (!byClass) this.exemptions.set(handler, (byClass = new WeakMap()));
      byClass.set(controller, exempt);
    }
    return exempt;
  }

  /** The request and response of the context; `undefined` (the request passes) outside HTTP. */
  protected getRequestResponse(context: ExecutionContext): RequestResponse | undefined {
    if (context.getType() !== 'http') return undefined;
    const http = context.switchToHttp();
    return { req: http.getRequest(), res: http.getResponse() };
  }

  /** The authenticated user of the request: `req.user`. */
  protected getUser(req: RequestResponse['req']): unknown {
    return req.user;
  }

  /** The account id of the user, as a string. */
  protected getUserId(user: unknown): string | undefined {
    try {
      return userIdOf(this.options, user);
    } catch (error) {
      const source = this.options.getUserId ? 'The getUserId option' : 'Reading the account id of req.user';
      this.log.error('user-id-threw', `${source} threw (${String(error)}); the request passes unchecked.`);
      return undefined;
    }
  }

  /** The id of the request's session. */
  protected getSessionId(context: ExecutionContext, req: RequestResponse['req']): string | undefined {
    try {
      const id = this.options.getSessionId ? this.options.getSessionId(context) : defaultSessionId(req);
      return typeof id === 'string' && id.length > 0 ? id : undefined;
    } catch (error) {
      this.log.error('session-id-threw', `The getSessionId option threw (${String(error)}); the request passes unchecked.`);
      return undefined;
    }
  }

  /** The check that needs the store: presents the session, stamps a login, throws a refusal. */
  private async check(
    context: ExecutionContext,
    req: RequestResponse['req'],
    user: unknown,
    userId: string,
    sessionId: string,
    serverSession: Record<string, any> | undefined,
    stamp: SessionStamp | undefined,
    isNewLogin: boolean,
  ): Promise<boolean> {
    const { refusal } = serverSession
      ? await this.checkServerSession(req, user, userId, sessionId, serverSession, stamp, isNewLogin)
      : await this.enforcer.enforce({ user, userId, sessionId, isNewLogin: false, loginAt: tokenLoginAt(user), expiresAt: tokenExpiresAt(user), ...clientOf(req) });
    if (refusal) await this.throwSessionEnded(context, refusal);
    req[CHECKED_SESSION] = sessionId;
    return true;
  }

  private async checkServerSession(
    req: RequestResponse['req'],
    user: unknown,
    userId: string,
    sessionId: string,
    serverSession: Record<string, any>,
    stamp: SessionStamp | undefined,
    isNewLogin: boolean,
  ): Promise<Enforcement> {
    this.registry.useSessionStore(req.sessionStore);
    if (isNewLogin && stamp?.loginAt !== undefined && stamp.userId !== undefined) {
      // The session changed accounts without a new session id (impersonation, "switch account"): it leaves the old one.
      // A store failure is logged by the registry; the check below applies onStoreError.
      await this.registry.endSessions(stamp.userId, { handles: [sessionHandle(sessionId)], onlyLive: true }, 'logout').catch(() => undefined);
    }
    const expires = serverSession.cookie?.expires;
    const enforcement = await this.enforcer.enforce({
      user,
      userId,
      sessionId,
      isNewLogin,
      loginAt: isNewLogin ? undefined : stamp!.loginAt,
      expiresAt: expires instanceof Date ? expires.getTime() : Date.now() + this.options.ttl,
      serverSession,
      ...clientOf(req),
    });
    if (isNewLogin && enforcement.held) {
      const fresh: SessionStamp = { userId, loginAt: enforcement.held.loginAt };
      const previous: SessionEndNotice | undefined = req[PREVIOUS_SESSION_END];
      if (previous) fresh.previous = previous;
      serverSession[SESSION_STAMP_FIELD] = fresh;
      this.registry.markFresh(fresh);
    }
    return enforcement;
  }

  /**
   * Tells, once, a browser whose server session this library signed out: a `GET` (or `HEAD`)
   * is answered with the notice (401/403); any other request — a login form, say — goes on,
   * and the notice is handed to the app instead (`@PreviousSessionEnd()`), so signing in again
   * works at the first try.
   */
  private reportSignedOut(context: ExecutionContext, req: RequestResponse['req']): true | Promise<boolean> {
    const ended = readStamp(req.session)?.ended;
    if (!ended || ended.reported) return true;
    const { reported: _, ...notice } = ended;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req[PREVIOUS_SESSION_END] = notice;
      return true;
    }
    ended.reported = true;
    return this.throwSessionEnded(context, { notice });
  }
}

/** The client's address and user agent, read only when the store is called. */
function clientOf(req: RequestResponse['req']): { ip?: string; userAgent?: string } {
  const userAgent = req.headers?.['user-agent'];
  return { ip: typeof req.ip === 'string' ? req.ip : undefined, userAgent: typeof userAgent === 'string' ? userAgent : undefined };
}
