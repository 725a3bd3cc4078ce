import { setTimeout as sleep } from 'node:timers/promises';
import { startAppProcess, type AppProcess } from './app-process.js';
import { APP_CPU, pin } from './cpu-pinning.js';
import { loadLogin, loadProtected, logIn, type LoadResult } from './http-load.js';
import type { RedisServer } from './redis-server.js';
import { commandCounts, commandsBetween, traceLogins, type CommandSplit, type RoundTrips } from './redis-stats.js';
import { SCENARIOS, usesRedis, type Scenario } from './scenarios.js';
import { SETTINGS } from './settings.js';
import { rotate } from './statistics.js';

/** How long the traces wait after the timed runs (ms), for the requests still queued in the apps to finish. */
const TRACE_SETTLE_MS = 1000;

/** One timed run and the app's CPU time per successful request (µs). */
export interface TimedRun {
  load: LoadResult;
  cpuMicrosPerRequest: number;
}

/** A timed run of one app alone, with the Redis commands it caused. */
export interface Run extends TimedRun {
  commands: CommandSplit;
}

/** Everything measured over HTTP for one configuration. */
export interface ScenarioResults {
  scenario: Scenario;
  /** Timed runs on the protected route, one per round, run at the same time as the others of its group (empty when it is not measured). */
  protectedRuns: TimedRun[];
  /** Timed login runs, likewise. */
  loginRuns: TimedRun[];
  /** A run of its own on the protected route and one on the login path, after the rounds, for the Redis commands per operation (Redis configurations only). */
  protectedCounted?: Run;
  loginCounted?: Run;
  /** Redis calls per login by client, from MONITOR: an account's first login, and a login that evicts its previous session. */
  firstLogin?: RoundTrips;
  evictingLogin?: RoundTrips;
}

interface Prepared {
  scenario: Scenario;
  app: AppProcess;
  cookies: string[];
  loginAccounts: string[];
}

/** Which parts of the HTTP bench to run: both by default; `--only login` leaves the protected route out, `--only requests` the logins. */
export interface HttpBenchParts {
  protectedRoute: boolean;
  login: boolean;
}

/**
 * The groups of configurations compared with each other, by where their sessions live: (a) (b)
 * (a-floor) in memory, (c) (d) (d-strict) (d-relaxed) (c-floor) in Redis. A group's apps run at the same
 * time, each under its own load, all on the app core: whatever else the shared machine does
 * then weighs on each of them alike, so their ratios hold steady where runs one after another
 * (even back to back) swing with it. The groups take turns, the first alternating by round.
 */
function groupsOf(list: Prepared[], round: number): Prepared[][] {
  const groups = new Map<string, Prepared[]>();
  for (const entry of list) groups.set(entry.scenario.app.sessions, [...(groups.get(entry.scenario.app.sessions) ?? []), entry]);
  return rotate([...groups.values()], round);
}

/** Starts every configuration's app, runs the rounds (each group's apps at the same time), counts Redis commands, traces logins, stops the apps. */
export async function runHttpBench(redis: RedisServer, log: (line: string) => void, parts: HttpBenchParts = { protectedRoute: true, login: true }): Promise<ScenarioResults[]> {
  const prepared: Prepared[] = [];
  const rounds = parts.protectedRoute ? SETTINGS.rounds : 0;
  const loginRounds = parts.login ? SETTINGS.loginRounds : 0;
  try {
    for (const scenario of SCENARIOS.filter((scenario) => (parts.protectedRoute && scenario.protectedRoute) || (parts.login && scenario.login))) {
      const app = await startAppProcess({ ...scenario.app, redisUrl: redis.url });
      pin(app.pid, APP_CPU);
      prepared.push({ scenario, app, cookies: [], loginAccounts: [] });
    }
    for (const entry of prepared) await prepare(entry);
    log(`warming up (${SETTINGS.warmUpSeconds} s per app)`);
    const protectedPrepared = prepared.filter(({ scenario }) => scenario.protectedRoute);
    for (const { scenario, app, cookies, loginAccounts } of prepared) {
      if (rounds > 0 && scenario.protectedRoute) await loadProtected(app.url, cookies, SETTINGS.warmUpSeconds);
      if (loginRounds > 0 && scenario.login) await loadLogin(app.url, loginAccounts, rounds > 0 ? 1 : SETTINGS.warmUpSeconds);
    }
    const results = new Map(prepared.map(({ scenario }) => [scenario.id, { scenario, protectedRuns: [], loginRuns: [] } as ScenarioResults]));
    const protectedLoad = ({ app, cookies }: Prepared) => loadProtected(app.url, cookies, SETTINGS.seconds);
    const loginLoad = ({ app, loginAccounts }: Prepared) => loadLogin(app.url, loginAccounts, SETTINGS.loginSeconds);
    for (let round = 0; round < rounds; round++) {
      for (const group of groupsOf(protectedPrepared, round)) {
        log(`protected route, round ${round + 1}/${rounds}: ${group.map(({ scenario }) => scenario.id).join(', ')} at once`);
        const runs = await measureTogether(group, protectedLoad, labelOf);
        group.forEach(({ scenario }, i) => results.get(scenario.id)!.protectedRuns.push(runs[i]!));
      }
    }
    const loginPrepared = loginRounds > 0 ? prepared.filter(({ scenario }) => scenario.login) : [];
    for (let round = 0; round < loginRounds; round++) {
      for (const group of groupsOf(loginPrepared, round)) {
        log(`login, round ${round + 1}/${loginRounds}: ${group.map(({ scenario }) => scenario.id).join(', ')} at once`);
        const runs = await measureTogether(group, loginLoad, labelOf);
        group.forEach(({ scenario }, i) => results.get(scenario.id)!.loginRuns.push(runs[i]!));
      }
    }
    // Redis counts commands server-wide: each Redis configuration once more, alone, to count its own.
    for (const entry of protectedPrepared.filter(({ scenario }) => rounds > 0 && usesRedis(scenario))) {
      log(`counting Redis commands per request: ${entry.scenario.label}`);
      results.get(entry.scenario.id)!.protectedCounted = await measure(redis, entry.app, () => protectedLoad(entry));
    }
    for (const entry of loginPrepared.filter(({ scenario }) => usesRedis(scenario))) {
      log(`counting Redis commands per login: ${entry.scenario.label}`);
      results.get(entry.scenario.id)!.loginCounted = await measure(redis, entry.app, () => loginLoad(entry));
    }
    // Logins still in flight when the last timed run stopped would be counted in the traces: let them finish.
    await sleep(TRACE_SETTLE_MS);
    for (const { scenario, app } of loginPrepared.filter(({ scenario }) => usesRedis(scenario) && !scenario.app.loginFloor)) {
      log(`tracing logins with MONITOR: ${scenario.label}`);
      const { first, evicting } = await traceLogins(redis, `traced-${scenario.id}`, (account) => logIn(app.url, account));
      Object.assign(results.get(scenario.id)!, { firstLogin: first, evictingLogin: evicting });
    }
    return [...results.values()];
  } finally {
    await Promise.all(prepared.map(({ app }) => app.stop()));
  }
}

function labelOf({ scenario }: Prepared): string {
  return scenario.label;
}

/** Signs in the sessions the protected-route load uses, and once each account the login load cycles through. */
async function prepare(entry: Prepared): Promise<void> {
  const { scenario, app } = entry;
  if (scenario.protectedRoute) entry.cookies = await Promise.all(Array.from({ length: SETTINGS.sessions }, (_, i) => logIn(app.url, `user-${scenario.id}-${i}`)));
  if (!scenario.login) return;
  entry.loginAccounts = Array.from({ length: SETTINGS.loginAccounts }, (_, i) => `login-${scenario.id}-${i}`);
  for (const account of entry.loginAccounts) await logIn(app.url, account);
}

/** Runs each entry's timed load on its app, all at the same time, and returns each app's run (`nameOf` names an app whose requests failed). */
export async function measureTogether<T extends { app: AppProcess }>(group: T[], load: (entry: T) => Promise<LoadResult>, nameOf: (entry: T) => string): Promise<TimedRun[]> {
  const cpuBefore = await Promise.all(group.map(({ app }) => app.cpuMicros()));
  const loads = await Promise.all(group.map(load));
  const cpuAfter = await Promise.all(group.map(({ app }) => app.cpuMicros()));
  return loads.map((result, i) => {
    if (result.failed > 0) throw new Error(`${result.failed} requests failed during a timed run of ${nameOf(group[i]!)}`);
    return { load: result, cpuMicrosPerRequest: (cpuAfter[i]! - cpuBefore[i]!) / result.ok };
  });
}

/** Runs one timed load on `app` and returns it with the app's CPU time per request and the Redis commands it caused. */
export async function measure(redis: RedisServer, app: AppProcess, run: () => Promise<LoadResult>): Promise<Run> {
  const before = await commandCounts(redis);
  const cpuBefore = await app.cpuMicros();
  const load = await run();
  const cpuMicrosPerRequest = ((await app.cpuMicros()) - cpuBefore) / load.ok;
  const commands = commandsBetween(before, await commandCounts(redis));
  if (load.failed > 0) throw new Error(`${load.failed} requests failed during a timed run`);
  return { load, cpuMicrosPerRequest, commands };
}

