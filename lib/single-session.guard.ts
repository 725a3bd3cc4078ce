import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionEvictedException } from './session-evicted.exception.js';
import { SessionLimitExceededException } from './session-limit-exceeded.exception.js';
import { SessionRegistry } from './session-registry.js';
import { sessionHandle } from './session-keys.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { readStamp, type SessionStamp } from './server-session.js';
import { defaultSessionId, tokenExpiresAt, tokenLoginAt, userIdOf } from './request-identity.js';
import {
  ALLOW_MULTI_SESSION_KEY,
  CHECKED_SESSION,
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
 * id pass: this is not an authentication guard. Registered for every route by
 * `SingleSessionModule` unless `global: false`.
 *
 * Subclass it and override the protected hooks to reach other transports (see the README's
 * WebSocket and GraphQL recipes).
 */
@Injectable()
export class SingleSessionGuard implements CanActivate {
  private readonly log = new RateLimitedLogger();

  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) protected readonly options: ResolvedOptions,
    protected readonly reflector: Reflector,
    protected readonly registry: SessionRegistry,
    protected readonly enforcer: SessionEnforcer,
  ) {}

  /** Passes every request, except one whose session lost its place (401/403) or, under `onStoreError: 'deny'`, one that cannot be checked (503). */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isAllowedMultiSession(context)) return true;
    const http = this.getRequestResponse(context);
    if (!http) return true;
    const { req } = http;
    const user = this.getUser(req);
    if (!user) {
      this.reportSignedOut(req);
      return true;
    }
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
    await this.enforce(req, user, userId, sessionId);
    req[CHECKED_SESSION] = sessionId;
    return true;
  }

  /** Whether `@AllowMultiSession()` exempts the route. */
  protected isAllowedMultiSession(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean>(ALLOW_MULTI_SESSION_KEY, [context.getHandler(), context.getClass()]) === true;
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

  private async enforce(req: RequestResponse['req'], user: unknown, userId: string, sessionId: string): Promise<void> {
    const serverSession = req.session && req.sessionID === sessionId ? (req.session as Record<string, any>) : undefined;
    const userAgent = typeof req.headers?.['user-agent'] === 'string' ? req.headers['user-agent'] : undefined;
    const ip = typeof req.ip === 'string' ? req.ip : undefined;
    if (!serverSession) {
      await this.enforcer.enforce({ user, userId, sessionId, isNewLogin: false, loginAt: tokenLoginAt(user), expiresAt: tokenExpiresAt(user), ip, userAgent });
      return;
    }
    this.registry.useSessionStore(req.sessionStore);
    const stamp = readStamp(serverSession);
    const isNewLogin = stamp?.loginAt === undefined || stamp.userId !== userId;
    if (isNewLogin && stamp?.loginAt !== undefined && stamp.userId !== undefined) {
      // The session changed accounts without a new session id (impersonation, "switch account"): it leaves the old one.
      await this.registry.endSessions(stamp.userId, { handles: [sessionHandle(sessionId)], onlyLive: true }, 'logout').catch(() => undefined); // a store failure is logged by the registry; the check below applies onStoreError
    }
    const expires = serverSession.cookie?.expires;
    const held = await this.enforcer.enforce({
      user,
      userId,
      sessionId,
      isNewLogin,
      loginAt: isNewLogin ? undefined : stamp!.loginAt,
      expiresAt: expires instanceof Date ? expires.getTime() : Date.now() + this.options.ttl,
      ip,
      userAgent,
      serverSession,
    });
    if (isNewLogin && held) {
      const fresh: SessionStamp = { userId, loginAt: held.loginAt };
      serverSession[SESSION_STAMP_FIELD] = fresh;
    }
  }

  /** Throws, once, the notice of a server session this library signed out. */
  private reportSignedOut(req: RequestResponse['req']): void {
    const ended = readStamp(req.session)?.ended;
    if (!ended || ended.reported) return;
    ended.reported = true;
    const { reported: _, ...notice } = ended;
    throw notice.reason === 'limit' ? new SessionLimitExceededException(undefined, notice.endedAt) : new SessionEvictedException(notice);
  }
}
