/** How much the bench runs; the environment variables shorten a run while working on the bench. */
export const SETTINGS = {
  /**
   * Seconds of each timed run on the protected route, and rounds of them (configurations
   * interleaved; issue 14 asks for ≥ 7). Many short rounds rather than a few long ones: other load
   * on a shared machine comes in bursts that spoil a round, and the median of many rounds shrugs
   * them off.
   */
  seconds: fromEnv('BENCH_SECONDS', 1.5),
  rounds: fromEnv('BENCH_ROUNDS', 15),
  /**
   * Seconds of each timed login run, and rounds of them (as for the protected route). More rounds:
   * a login run's CPU swings with the garbage collections that happen to fall in it (the apps'
   * session stores grow with every login), ×0.6 to ×1.7 between rounds of the same two apps.
   */
  loginSeconds: fromEnv('BENCH_LOGIN_SECONDS', 1.5),
  loginRounds: fromEnv('BENCH_LOGIN_ROUNDS', 21),
  /** Seconds of untimed load per app before the timed runs (JIT warm-up). */
  warmUpSeconds: 2,
  /** Signed-in sessions the protected-route load cycles through, one account each. */
  sessions: 50,
  /** Accounts the login load cycles through; each is signed in once beforehand, so every timed login evicts one. */
  loginAccounts: 200,
  /** Logins traced with MONITOR to count Redis round trips. */
  tracedLogins: 20,
  /** Accounts of the memory runs. */
  memoryUsers: fromEnv('BENCH_MEMORY_USERS', 1_000_000),
  redisMemoryUsers: fromEnv('BENCH_REDIS_MEMORY_USERS', 100_000),
  /** Redis keys sampled with MEMORY USAGE. */
  redisMemorySample: 1000,
  /** Account size (issue 9): live sessions on the accounts measured (maxSessions Infinity). */
  accountSizes: [1, 100, 2000],
  /** Rounds of the account-size section, sizes interleaved; in each, per size, timed logins and protected requests, one at a time. */
  accountRounds: fromEnv('BENCH_ACCOUNT_ROUNDS', 5),
  accountLogins: fromEnv('BENCH_ACCOUNT_LOGINS', 20),
  accountRequests: fromEnv('BENCH_ACCOUNT_REQUESTS', 100),
  /** How much the timed logins may grow an account (at least one login each); the rest go to other accounts of its size. */
  accountGrowth: 0.05,
  /** Seconds of load under `--cpu-prof`, on the protected route and on the login path (the profile-based breakdowns). */
  profileSeconds: fromEnv('BENCH_PROFILE_SECONDS', 6),
  /** Untimed logins and requests before the rounds (JIT warm-up). */
  accountWarmUp: 200,
  /** Logins in flight while the accounts are filled beforehand. */
  accountFillConcurrency: 8,
  /** Live sign-out (issue 12): idle sessions watched on one instance. */
  liveWatchers: fromEnv('BENCH_LIVE_WATCHERS', 10_000),
  /** Rounds of the protected route with and without the watchers (interleaved, `seconds` each). */
  liveRounds: fromEnv('BENCH_LIVE_ROUNDS', 11),
  /** Evicting logins timed from one instance to the notice on the other, after untimed warm-up ones. */
  liveEvictions: fromEnv('BENCH_LIVE_EVICTIONS', 200),
  liveWarmUpEvictions: 20,
  /** In-memory store at scale (issue 14): accounts of the stores compared, fewest first. */
  storeSizes: [1_000, 100_000],
  /** Rounds of evicting logins, stores interleaved, and logins per store in each round (each timed as one block). */
  storeRounds: fromEnv('BENCH_STORE_ROUNDS', 11),
  storeLogins: fromEnv('BENCH_STORE_LOGINS', 20_000),
};

function fromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
