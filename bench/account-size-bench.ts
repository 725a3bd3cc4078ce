import { startJwtAppProcess, type AppProcess } from './app-process.js';
import { fillAccounts, type SizedAccounts } from './account-size/accounts.js';
import { timeLogins, timeRequests } from './account-size/jwt-requests.js';
import { traceModuleLogins, type LoginRoundTripResults } from './account-size/login-round-trips.js';
import { APP_CPU, pin } from './cpu-pinning.js';
import type { RedisServer } from './redis-server.js';
import { readTraffic, trafficBetween, type Traffic } from './redis-stats.js';
import { SETTINGS } from './settings.js';
import { rotate } from './statistics.js';

/** What one kind of operation cost over all rounds: every latency, the app's CPU time and the Redis work. */
export interface OperationCost {
  /** Latency of each operation, ms. */
  latencies: number[];
  /** App CPU time over all of them, µs. */
  cpuMicros: number;
  /** Redis commands and bytes over all of them. */
  traffic: Traffic;
}

/** Logins and protected requests on accounts of one size. */
export interface SizeResults {
  accounts: {
    /** Live sessions on each account before the timed work. */
    sessions: number;
    /** Timed logins one account took at most. */
    loginsPerAccount: number;
  };
  login: OperationCost;
  request: OperationCost;
}

/** Everything the account-size section measured. */
export interface AccountSizeResults {
  sizes: SizeResults[];
  roundTrips: LoginRoundTripResults;
}

/**
 * Issue 9's account-size bench, through the library's public API only: a JWT app
 * (`maxSessions: Infinity`, `recheckInterval: 0`, tracker on Redis) whose accounts were signed
 * in 1, 100 or 2,000 times beforehand; interleaved rounds of timed logins and protected
 * requests per size; then the Redis round trips the module adds to logins (`maxSessions: 1`).
 */
export async function runAccountSizeBench(redis: RedisServer, log: (line: string) => void): Promise<AccountSizeResults> {
  const app = await startJwtAppProcess({ redisUrl: redis.url });
  let sizes: SizeResults[];
  try {
    pin(app.pid, APP_CPU);
    sizes = await measureSizes(redis, app, log);
  } finally {
    await app.stop();
  }
  log('account size: tracing logins with MONITOR');
  return { sizes, roundTrips: await traceModuleLogins(redis) };
}

/** Fills the accounts of every size, warms the app up, then runs the interleaved rounds. */
async function measureSizes(redis: RedisServer, app: AppProcess, log: (line: string) => void): Promise<SizeResults[]> {
  const prepared: Array<{ accounts: SizedAccounts; results: SizeResults }> = [];
  for (const sessions of SETTINGS.accountSizes) {
    log(`account size: signing in the accounts of ${sessions.toLocaleString('en')} sessions`);
    const accounts = await fillAccounts(app.url, sessions, SETTINGS.accountRounds * SETTINGS.accountLogins);
    prepared.push({ accounts, results: { accounts: { sessions, loginsPerAccount: accounts.loginsPerAccount }, login: emptyCost(), request: emptyCost() } });
  }

  log(`account size: warming up (${SETTINGS.accountWarmUp} logins and requests)`);
  await timeLogins(app.url, Array.from({ length: SETTINGS.accountWarmUp }, (_, i) => `warm-up-${i}`));
  await timeRequests(app.url, prepared[0]!.accounts.token, SETTINGS.accountWarmUp);

  for (let round = 0; round < SETTINGS.accountRounds; round++) {
    log(`account size: round ${round + 1}/${SETTINGS.accountRounds}`);
    for (const { accounts, results } of rotate(prepared, round)) {
      const logins = accounts.logins.slice(round * SETTINGS.accountLogins, (round + 1) * SETTINGS.accountLogins);
      add(results.login, await measure(redis, app, () => timeLogins(app.url, logins)));
      add(results.request, await measure(redis, app, () => timeRequests(app.url, accounts.token, SETTINGS.accountRequests)));
    }
  }
  return prepared.map(({ results }) => results);
}

function emptyCost(): OperationCost {
  return { latencies: [], cpuMicros: 0, traffic: { commands: 0, bytesIn: 0, bytesOut: 0 } };
}

/** Runs `operations` and returns their latencies with the app CPU time and Redis work they took. */
async function measure(redis: RedisServer, app: AppProcess, operations: () => Promise<number[]>): Promise<OperationCost> {
  const before = await readTraffic(redis);
  const cpuBefore = await app.cpuMicros();
  const latencies = await operations();
  const cpuMicros = (await app.cpuMicros()) - cpuBefore;
  return { latencies, cpuMicros, traffic: trafficBetween(before, await readTraffic(redis)) };
}

function add(total: OperationCost, part: OperationCost): void {
  total.latencies.push(...part.latencies);
  total.cpuMicros += part.cpuMicros;
  total.traffic.commands += part.traffic.commands;
  total.traffic.bytesIn += part.traffic.bytesIn;
  total.traffic.bytesOut += part.traffic.bytesOut;
}
