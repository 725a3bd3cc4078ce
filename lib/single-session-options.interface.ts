import type { ExecutionContext, InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import type { RedisClientLike } from './redis-clients.js';
import type { SessionStoreLike } from './server-session.js';
import type { SessionStorage } from './session-storage.interface.js';

/** Which sessions keep an account when it has more than `maxSessions`. */
export type SingleSessionStrategy = 'evict-oldest' | 'reject-new' | 'choose';

/** What the guard does while the tracker's store cannot be reached. */
export type StoreErrorPolicy = 'allow' | 'deny';

/**
 * A limit per device class (the `deviceClass` option's answers), e.g. `{ web: 1, mobile: 1 }`:
 * each class is ranked and limited on its own. Every class `deviceClass` returns must be named.
 */
export type SessionLimits = Readonly<Record<string, number>>;

/**
 * How many sessions one account may have at once: a whole number ≥ 1, `Infinity`, a limit per
 * device class (`SessionLimits`), or a function of the authenticated user (`req.user`) that
 * returns one of those, for per-user plans.
 * @typeParam TUser the type of `req.user` (`any` unless given)
 */
export type MaxSessions<TUser = any> = number | SessionLimits | ((user: TUser) => number | SessionLimits | Promise<number | SessionLimits>);

/**
 * Names the device class of a session at its login (`'web'`, `'mobile'`…): a non-empty string
 * of at most 64 characters. `req` is the login request (for `register()`, an object with the
 * registration's `headers['user-agent']` and `ip`).
 * @typeParam TUser the type of `req.user`
 */
export type DeviceClassifier<TUser = any> = (req: { headers?: Record<string, unknown>; ip?: string; [key: string]: any }, user: TUser) => string;

/**
 * Options of `SingleSessionModule.forRoot()`. Every option is optional.
 * @typeParam TUser the type of `req.user`, which `maxSessions` and `getUserId` receive (`any` unless given)
 */
export interface SingleSessionModuleOptions<TUser = any> {
  /**
   * Sessions allowed per account: a whole number ≥ 1, `Infinity` (no limit, sessions are still
   * tracked and listed), a limit per device class such as `{ web: 1, mobile: 1 }` (needs
   * `deviceClass`), or `(user) => …` returning one of those, for per-user limits. A number
   * limits the whole account, whatever the class of its sessions.
   * A function that throws or returns anything else, or a class missing from the limits, is
   * logged and the request passes unchecked.
   * @default 1
   */
  maxSessions?: MaxSessions<TUser>;

  /**
   * `'evict-oldest'`: the newest logins keep the account and older sessions are signed out.
   * `'reject-new'`: the sessions that hold the account keep it and new logins get a 403.
   * `'choose'`: a login over the limit waits (pending): its requests get a 409
   * `SESSION_CHOICE_REQUIRED` listing the account's sessions, except on `@AllowMultiSession()`
   * routes, until `SessionTrackerService.choose()` signs one of them out (reason `'replaced'`)
   * or `choiceTimeout` passes (then it is refused like `'reject-new'`).
   * @default 'evict-oldest'
   */
  strategy?: SingleSessionStrategy;

  /**
   * Under `'choose'`: how long (ms, at most `ttl`) a pending login may wait for its choice
   * before it is refused with a 403 `SESSION_LIMIT_REACHED`.
   * @default 300_000 (5 minutes)
   */
  choiceTimeout?: number;

  /**
   * Track every session but rank none: at each login, work out what the limit would decide,
   * emit those events (marked `dryRun: true`) and log them, but sign nobody out and refuse
   * nothing — to measure how many accounts are shared before enforcing. The tracker's own calls
   * (`revoke`, `logout`…) still act. Turned off, the limit applies to the accounts as they are.
   * @default false
   */
  dryRun?: boolean;

  /**
   * Classifies sessions (e.g. `(req) => /Mobile/.test(req.headers['user-agent']) ? 'mobile' : 'web'`)
   * of accounts whose limits are per class (`maxSessions` gives `{ web: 1, mobile: 1 }`): each
   * class is ranked and limited on its own, `list()` shows the class. Not asked for an account
   * whose limit is a number (its sessions share it). Asked when the store is read for a session;
   * the answer given when the session registers is its class for life. A classifier that throws
   * or returns anything but a non-empty string of at most 64 characters is logged, and a session
   * registering then gets no class (no limit).
   * @default undefined (no classes)
   */
  deviceClass?: DeviceClassifier<TUser>;

  /**
   * Reads the account id from the authenticated user (`req.user`). A number and its string
   * name the same account. Returning `undefined` for an authenticated user (or throwing) is a
   * configuration error, logged as an error (at most once a minute); the request passes.
   * @default the first of `user.id`, `user.sub`, `user._id`, `user.userId`
   */
  getUserId?: (user: TUser) => string | number | undefined | null;

  /**
   * Reads the id of the current session from the request context. Requests with no session id
   * pass untouched. A session whose id is not its session library's is treated as a token:
   * refused for as long as it is remembered, never signed out in a store.
   * @default the session the request was authenticated with: a bearer token's `sid` (then
   *   `jti`) claim in `req.user`; else express-session's `req.sessionID`, `@fastify/session`'s
   *   `req.session.sessionId`, or the library's own id in a `@fastify/secure-session` cookie;
   *   else the `sid` (then `jti`) claim of `req.user`
   */
  getSessionId?: (context: ExecutionContext) => string | undefined | null;

  /**
   * How long (ms) a session is remembered without activity; past it the session is forgotten
   * (not ended) and counts again as a new sighting. End notices are not bound by it.
   * @default 86_400_000 (24 hours)
   */
  ttl?: number;

  /**
   * The longest lifetime (ms) of a token your app issues. A token's end notice is kept until its
   * `exp` claim; this is how long it is kept for a token whose expiry the tracker cannot know
   * (no `exp`, or ended by `logout()` before it was seen), and how long the mark of
   * `revokeAll()`/`revokeOthers()` lasts for tokens issued before it and not seen yet.
   * @default 86_400_000 (24 hours)
   */
  tokenLifetime?: number;

  /**
   * A session not seen for this long (ms; at most `ttl`) stops counting towards the limit: its place goes to
   * a newer session (and, under `'reject-new'`, a closed browser cannot lock the account out).
   * A session alone on its account is never signed out for being idle.
   * @default 1_800_000 (30 minutes), or `ttl` when that is shorter
   */
  idleTimeout?: number;

  /**
   * Prefix of every key the tracker writes to the cache.
   * @default 'single-session'
   */
  keyPrefix?: string;

  /**
   * Register `SingleSessionGuard` for every route, resolver and gateway, as a global guard and
   * as each handler's last guard. With
   * `false`, apply `@UseGuards(SingleSessionGuard)` yourself (README: "Applying the guard
   * yourself": first on server-session routes, after the auth guard on login and JWT routes).
   * @default true
   */
  global?: boolean;

  /**
   * How stale (ms) the answer "this session still holds its account" may be before it is read
   * from the store again. Evictions made on this instance are seen at once; evictions made on
   * another instance within this bound. `0` reads the store on every request (strict mode).
   * @default 1000, or a quarter of `idleTimeout` when that is shorter
   */
  recheckInterval?: number;

  /**
   * Last-seen times are written at most this often (ms) per session; must be less than
   * `idleTimeout - recheckInterval`, so that an active session never looks idle.
   * @default 60_000, or half of `idleTimeout` when that is shorter
   */
  touchInterval?: number;

  /**
   * What the guard does when the store fails: `'allow'` lets requests through (logged),
   * `'deny'` answers 503 with `code: 'SESSION_STORE_UNAVAILABLE'`.
   * @default 'allow'
   */
  onStoreError?: StoreErrorPolicy;

  /**
   * Longest wait (ms) for one call to the store; a slower call counts as a store failure.
   * @default 500
   */
  storeTimeout?: number;

  /**
   * Where tracked sessions live: a `SessionStorage`, or a Redis client — node-redis
   * (`createClient()`, `createCluster()`) or ioredis (`new Redis()`, `new Redis.Cluster()`),
   * connected by the app. By default the app's `CACHE_MANAGER` when the app registered
   * `CacheModule` globally (through its Redis client when its store is `@keyv/redis`), else a
   * private bounded in-memory store. See the README's "Storage".
   * @default undefined
   */
  storage?: SessionStorage | RedisClientLike;

  /**
   * The app's session store (express-session's or `@fastify/session`'s `store`), so that
   * sessions are signed out in it from any instance, before this instance has served a request
   * (a worker, an admin API). Without it, the store of the first request with a session is used.
   * @default undefined
   */
  sessionStore?: SessionStoreLike;

  /**
   * Whether the notice a signed-out session receives names the device that took its place
   * (`by.userAgent`, as the person who was signed out sees it). `false` keeps only `by.loginAt`:
   * the holder of an evicted session learns nothing about the other device.
   * @default true
   */
  showNewerDevice?: boolean;

  /**
   * Bound of the private in-memory store, in accounts with live sessions (at most 16,777,216).
   * Past it, the least recently used account's sessions are forgotten (they re-register on
   * their next request); end notices are kept until they expire, so nothing ended comes back.
   * @default 1_000_000
   */
  memoryLimit?: number;
}

/** A class that produces the options, for `forRootAsync({ useClass })`. */
export interface SingleSessionOptionsFactory {
  /** Returns the module's options. */
  createSingleSessionOptions(): SingleSessionModuleOptions | Promise<SingleSessionModuleOptions>;
}

/** Options of `SingleSessionModule.forRootAsync()`. */
export interface SingleSessionModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Register the guard globally; cannot depend on injected values. @default true */
  global?: boolean;
  /** Providers injected into `useFactory`. */
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  /** Builds the options. */
  useFactory?: (...args: any[]) => SingleSessionModuleOptions | Promise<SingleSessionModuleOptions>;
  /** A class instantiated by the module that builds the options. */
  useClass?: Type<SingleSessionOptionsFactory>;
  /** An existing provider that builds the options. */
  useExisting?: Type<SingleSessionOptionsFactory>;
}
