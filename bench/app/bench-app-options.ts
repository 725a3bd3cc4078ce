/** The password every bench account signs in with. */
export const BENCH_PASSWORD = 'bench-pw';

/** Redis client names, so the bench can tell whose commands it sees. */
export const TRACKER_CLIENT_NAME = 'bench-tracker';
export const SESSIONS_CLIENT_NAME = 'bench-sessions';

/** How one bench app is set up. */
export interface BenchAppOptions {
  /** Where express-session keeps sessions. */
  sessions: 'memory' | 'redis';
  /** Where `SingleSessionModule` tracks sessions, or `'none'` for an app without it. */
  tracker: 'none' | 'memory' | 'redis';
  /** `recheckInterval` of the module; its default when undefined. */
  recheckInterval?: number;
  /** Redis URL, for the Redis configurations. */
  redisUrl?: string;
  /**
   * Sessions registered at start-up, one account each (`idle-<i>`), that make no request: pages
   * left open. With `watchIdle`, each is watched (`tracker.watch()`), as a live sign-out route does.
   */
  idleSessions?: number;
  watchIdle?: boolean;
  /** For an app without the module: on every login, the least work an evicting login needs (see `LoginFloor`). */
  loginFloor?: boolean;
}

/**
 * `storeTimeout` of the JWT bench app, far above the 500 ms default: with it and `onStoreError:
 * 'deny'`, no operation is cut short or let through unchecked, so every figure is a full cost
 * (a store failure fails the bench instead).
 */
export const JWT_APP_STORE_TIMEOUT = 60_000;

/** How the JWT bench app is set up; its tracker is always on Redis, with `recheckInterval: 0`. */
export interface JwtBenchAppOptions {
  redisUrl: string;
  /** `maxSessions` of the module (JSON has no `Infinity`). @default Infinity */
  maxSessions?: number;
}
