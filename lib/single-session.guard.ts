import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionEnforcer } from './session-enforcer.js';
import { exceptionForTransport, httpExceptionFor, type SessionRefusal } from './session-end-exceptions.js';
import { SessionRegistry } from './session-registry.js';
import { SessionChoiceRequiredException } from './session-choice-required.exception.js';
import type { SessionChoice } from './session-record.interface.js';
import { sessionHandle } from './session-keys.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { userIdOf } from './request-identity.js';
import { GUARD_OF_CONTEXT } from './route-last-check.js';
import type { SessionAdapter } from './session-adapters/session-adapter.interface.js';
import { adapterOfSession, defaultSessionId, stampedSessionOf } from './session-adapters/session-adapters.js';
import { ALLOW_MULTI_SESSION_KEY, CHECKED_SESSION, PREVIOUS_SESSION_END, SINGLE_SESSION_OPTIONS } from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';
import { clientAddress, onlyReads, ownsItsRequest, requestOf } from './transport-request.js';

/** The execution context as the guard marks it: which guard checks its request, which session it checked. */
type MarkedContext = ExecutionContext & { [GUARD_OF_CONTEXT]?: CanActivate; [CHECKED_SESSION]?: string };

/** The request and response of an execution context, as the guard reads them. */
export interface RequestResponse {
  /** The request (Express's, Fastify's, a WebSocket handshake request: any object with `user`, `session`, `headers`, `ip`). */
  req: Record<string | symbol, any>;
  /** The response, if the transport has one. */
  res?: unknown;
}

/**
 * Checks each authenticated request's session against the others of its account and signs
 * out the ones that lost their place. Unauthenticated requests and requests without a session
 * id pass: this is not an authentication guard. Registered by `SingleSessionModule` (unless
 * `global: false`) twice over: as a global guard, which runs before every route's own guards,
 * and as the last guard of every route, resolver and gateway handler, which sees what those
 * guards did — the session a login route's auth guard has just created, the user a route-level
 * `AuthGuard('jwt')` has just authenticated. A session is checked once per request.
 *
 * Transports: HTTP (Express, Fastify), GraphQL (the `req` of the GraphQL context) and WebSocket
 * gateways (the client's handshake request, `client.request`). Sessions: express-session,
 * `@fastify/session`, `@fastify/secure-session` and tokens (see `lib/session-adapters`).
 *
 * A session whose account was confirmed within `recheckInterval` passes synchronously, with no
 * I/O, no hashing and no closure. Subclass the guard and override its protected hooks to reach
 * other transports or to answer otherwise (`throwSessionEnded`).
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
    const marked = context as MarkedContext;
    if (marked[GUARD_OF_CONTEXT] === undefined) marked[GUARD_OF_CONTEXT] = this;
    const user = this.getUser(req);
    if (!user) return this.reportSignedOut(context, req);
    const sessionId = this.getSessionId(context, req);
    if (!sessionId) {
      this.log.warnOnce('session-id', 'An authenticated request has no session id (no session, no `sid` or `jti` claim in req.user) and passes unchecked. On a token login route, mark the route @AllowMultiSession() (register() checks the login); anywhere else, set the `getSessionId` option or follow the README\'s JWT recipe.');
      return true;
    }
    if (marked[CHECKED_SESSION] === sessionId) return true;
    const userId = this.getUserId(user);
    if (userId === undefined) {
      this.log.error('user-id', 'Could not read an account id from req.user (none of id, sub, _id, userId); the session limit is NOT enforced. Set the `getUserId` option of SingleSessionModule.');
      return true;
    }
    const adapter = adapterOfSession(req, user, sessionId);
    const isLogin = adapter.isLogin(req, userId);
    if (!isLogin && this.registry.verdicts.isFresh(sessionId, userId, Date.now())) {
      marked[CHECKED_SESSION] = sessionId;
      return true;
    }
    return this.check(marked, req, user, userId, sessionId, adapter, isLogin);
  }

  /**
   * Throws what tells the client that its session ended: by default 401 `SESSION_EVICTED` or
   * 403 `SESSION_LIMIT_REACHED` (`SessionEvictedException`, `SessionLimitExceededException`);
   * in a resolver, an error that reaches the client as a GraphQL error whose `extensions` carry
   * the same body (`extensions.code`); in a gateway, a `WsException` with the same body. Override it to answer otherwise (a redirect, your own error type).
   */
  protected async throwSessionEnded(context: ExecutionContext, refusal: SessionRefusal): Promise<never> {
    throw await exceptionForTransport(context.getType(), httpExceptionFor(refusal));
  }

  /**
   * Throws what tells a pending session (`strategy: 'choose'`) that its person must choose a
   * session to sign out: by default 409 `SESSION_CHOICE_REQUIRED` (`SessionChoiceRequiredException`),
   * carried in GraphQL and gateways as `throwSessionEnded` carries its exceptions. Override it
   * to answer otherwise (a redirect to the app's chooser page, say).
   */
  protected async throwChoiceRequired(context: ExecutionContext, choice: SessionChoice): Promise<never> {
    throw await exceptionForTransport(context.getType(), new SessionChoiceRequiredException(choice));
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

  /**
   * The request and response of the context: the HTTP request (Express or Fastify), the `req`
   * of a GraphQL context, a gateway client's handshake request (`client.request`: socket.io's,
   * or the upgrade request a `ws` gateway keeps there). `undefined` (the request passes) for
   * other transports, and for a gateway client without one (logged once).
   */
  protected getRequestResponse(context: ExecutionContext): RequestResponse | undefined {
    const req = requestOf(context);
    if (!req) {
      if (context.getType() === 'ws') {
        this.log.warnOnce('ws-request', 'A gateway message passes unchecked: its client has no handshake request (`client.request`). With @nestjs/platform-ws, keep the upgrade request there in handleConnection(client, request) (README: WebSockets).');
      }
      return undefined;
    }
    return { req, res: context.getType() === 'http' ? context.getArgByIndex(1) : undefined };
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

  /**
   * The id of the request's session: the `getSessionId` option's, else the id of the session the
   * request was authenticated with — a bearer token's `sid`/`jti` claim; else the id of its
   * express-session, `@fastify/session` or `@fastify/secure-session` session; else its user's
   * `sid`/`jti` claim.
   */
  protected getSessionId(context: ExecutionContext, req: RequestResponse['req']): string | undefined {
    try {
      const id = this.options.getSessionId ? this.options.getSessionId(context) : defaultSessionId(req);
      return typeof id === 'string' && id.length > 0 ? id : undefined;
    } catch (error) {
      this.log.error('session-id-threw', `The getSessionId option threw (${String(error)}); the request passes unchecked.`);
      return undefined;
    }
  }

  /**
   * The check that needs the store: presents the session (leaving the account it was stamped
   * for, if another one), stamps an admitted login, signs a refused session out in place (in
   * the request's own copy) and throws its refusal.
   */
  private async check(
    context: MarkedContext,
    req: RequestResponse['req'],
    user: unknown,
    userId: string,
    sessionId: string,
    adapter: SessionAdapter,
    isLogin: boolean,
  ): Promise<boolean> {
    const facts = adapter.facts(req, user, userId);
    if (facts.store) this.registry.useSessionStore(facts.store);
    if (isLogin && facts.previousUserId !== undefined) {
      // The session changed accounts without a new session id (impersonation, "switch account"): it leaves the old one.
      // A store failure is logged by the registry; the check below applies onStoreError.
      await this.registry.endSessions(facts.previousUserId, { handles: [sessionHandle(sessionId)], onlyLive: true }, 'logout').catch(() => undefined);
    }
    const { loginAt, refusal, choice } = await this.enforcer.enforce({
      user,
      userId,
      sessionId,
      isNewLogin: isLogin,
      loginAt: isLogin ? undefined : facts.loginAt,
      expiresAt: facts.expiresAt ?? (facts.store ? Date.now() + this.options.ttl : undefined),
      sid: facts.store ? sessionId : undefined,
      cookie: facts.cookie,
      request: req,
      ip: clientAddress(req),
      userAgent: userAgentOf(req),
    });
    if (refusal) {
      // A socket's handshake request keeps its user: its session stays as it was, so that every later message is refused too.
      if (ownsItsRequest(context)) adapter.signOut(req, refusal.notice, true);
      await this.throwSessionEnded(context, refusal);
    }
    if (isLogin && loginAt !== undefined) {
      // A pending login is stamped too: its session is signed in and waits for the choice.
      const stamped = adapter.stampLogin(req, userId, loginAt, req[PREVIOUS_SESSION_END]);
      // Only a session in a store is saved through the registry's watch (see `markFresh`).
      if (stamped && facts.store) this.registry.markFresh(stamped, userId, loginAt);
    }
    if (choice) await this.throwChoiceRequired(context, choice);
    context[CHECKED_SESSION] = sessionId;
    return true;
  }

  /**
   * Tells, once, a browser whose session this library signed out: a request that only reads (an
   * HTTP `GET`, a GraphQL query, a gateway message) is answered with the notice (401/403); any
   * other — a login form, say — goes on, and the notice is handed to the app instead
   * (`@PreviousSessionEnd()`), so signing in again works at the first try.
   */
  private reportSignedOut(context: ExecutionContext, req: RequestResponse['req']): true | Promise<boolean> {
    const adapter = stampedSessionOf(req);
    const stamp = adapter?.readStamp(req);
    const ended = stamp?.ended;
    if (!ended || ended.reported) return true;
    const { reported: _, ...notice } = ended;
    if (!onlyReads(context, req)) {
      req[PREVIOUS_SESSION_END] = notice;
      return true;
    }
    ended.reported = true;
    adapter!.writeStamp(req, stamp!);
    return this.throwSessionEnded(context, { notice });
  }
}

/** The client's user agent, read only when the store is called. */
function userAgentOf(req: RequestResponse['req']): string | undefined {
  const userAgent = req.headers?.['user-agent'];
  return typeof userAgent === 'string' ? userAgent : undefined;
}
