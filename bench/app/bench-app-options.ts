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
}
