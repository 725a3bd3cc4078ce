import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionEvictedException } from './session-evicted.exception.js';
import { SessionLimitExceededException } from './session-limit-exceeded.exception.js';
import { SessionTrackerService } from './session-tracker.service.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { readStamp, type SessionStamp } from './server-session.js';
import { defaultSessionId, tokenLoginAt, userIdOf } from './request-identity.js';
import {
  ALLOW_MULTI_SESSION_KEY,
  CHECKED_SESSION,
  SEEN_SERVER_SESSION,
  SESSION_STAMP_FIELD,
  SINGLE_SESSION_OPTIONS,
} from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';

/** The request and response of an execution context, as the guard reads them. */
export interface RequestResponse {
  /** The request (express or any object with `user`, `session`, `headers`, `ip`). */
  req: Record<string | symbol, any>;
  /** The response, used to see a logout when the request finishes; optional. */
  res?: { once(event: 'finish', listener: () => void): unknown };
}

/** A server session the guard saw during a request, forgotten once the request logs it out or replaces it. */
interface SeenServerSession {
  userId: string;
  sessionId: string;
  forgotten: boolean;
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
    protected readonly tracker: SessionTrackerService,
    protected readonly enforcer: SessionEnforcer,
  ) {}

  /** Passes every request, except one whose session lost its place (401/403) or, under `onStoreError: 'deny'`, one that cannot be checked (503). */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isAllowedMultiSession(context)) return true;
    const http = this.getRequestResponse(context);
    if (!http) return true;
    const { req, res } = http;
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
    await this.enforce(req, res, user, userId, sessionId);
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
      this.log.error('user-id-threw', `The getUserId option threw (${String(error)}); the request passes unchecked.`);
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

  private async enforce(req: RequestResponse['req'], res: RequestResponse['res'], user: unknown, userId: string, sessionId: string) {
    const serverSession = req.session && req.sessionID === sessionId ? (req.session as Record<string, any>) : undefined;
    const stamp = readStamp(serverSession);
    const isNewLogin = serverSession ? !stamp?.loginAt || stamp.userId !== userId : false;
    const loginAt = (serverSession ? (isNewLogin ? Date.now() : stamp!.loginAt) : tokenLoginAt(user)) ?? Date.now();
    if (serverSession && isNewLogin) {
      const fresh: SessionStamp = { userId, loginAt };
      serverSession[SESSION_STAMP_FIELD] = fresh;
      await this.forgetReplaced(req);
    }
    await this.enforcer.enforce({
      user,
      userId,
      sessionId,
      loginAt,
      isNewLogin,
      ip: typeof req.ip === 'string' ? req.ip : undefined,
      userAgent: typeof req.headers?.['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
      serverSession,
      sessionStore: serverSession ? req.sessionStore : undefined,
    });
    if (serverSession && res) {
      const seen: SeenServerSession = { userId, sessionId, forgotten: false };
      req[SEEN_SERVER_SESSION] = seen;
      res.once('finish', () => this.forgetIfLoggedOut(req, seen));
    }
  }

  /** Drops the session from the tracker when the request that just finished logged it out. */
  private forgetIfLoggedOut(req: RequestResponse['req'], seen: SeenServerSession): void {
    if (seen.forgotten || (req.sessionID === seen.sessionId && req.session && req.user)) return;
    seen.forgotten = true;
    this.tracker.logout(seen.userId, seen.sessionId).catch(() => undefined);
  }

  /**
   * Drops, before a login is counted, the server session the same request came with and that
   * the login replaced (passport regenerates the session): signing in again in the same browser
   * must not count twice, nor be refused under `'reject-new'`.
   */
  private async forgetReplaced(req: RequestResponse['req']): Promise<void> {
    const seen: SeenServerSession | undefined = req[SEEN_SERVER_SESSION];
    if (!seen || seen.forgotten || seen.sessionId === req.sessionID) return;
    seen.forgotten = true;
    await this.tracker.logout(seen.userId, seen.sessionId).catch(() => undefined);
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
