import { startAppProcess, type AppProcess } from './app-process.js';
import type { BenchAppOptions } from './app/bench-app-options.js';
import { APP_CPU, pin } from './cpu-pinning.js';
import { measureTogether, type TimedRun } from './http-bench.js';
import { loadProtected, logIn } from './http-load.js';
import { timeEviction, type EvictionTiming } from './live-sign-out/notice-latency.js';
import type { WatcherMemory } from './live-sign-out/watcher-memory.js';
import { runOneShot } from './one-shot.js';
import type { RedisServer } from './redis-server.js';
import { SETTINGS } from './settings.js';

/** Everything the live sign-out section measured. */
export interface LiveSignOutResults {
  memory: WatcherMemory;
  /** Timed runs of the protected route, one per round: without watchers, and with `liveWatchers` idle ones. */
  withoutWatchers: TimedRun[];
  withWatchers: TimedRun[];
  /** Evictions across two instances sharing Redis. */
  evictions: EvictionTiming[];
}

/**
 * Issue 12's bench: memory per idle watcher (a one-shot process); the protected route of the
 * express-session app with the in-memory tracker, with and without `liveWatchers` idle watched
 * sessions, both apps at the same time in each round; and the delay from an evicting login on one instance to the
 * notice on a stream of the evicted session on another, both on Redis.
 */
export async function runLiveSignOutBench(redis: RedisServer, log: (line: string) => void): Promise<LiveSignOutResults> {
  log(`live sign-out: memory of ${SETTINGS.liveWatchers.toLocaleString('en')} watchers`);
  const memory = await runOneShot<WatcherMemory>(new URL('./live-sign-out/watcher-memory.js', import.meta.url), { watchers: SETTINGS.liveWatchers }, ['--expose-gc']);
  const { withoutWatchers, withWatchers } = await compareRequestCost(log);
  return { memory, withoutWatchers, withWatchers, evictions: await timeEvictions(redis, log) };
}

/** The protected route of two otherwise identical apps, one of which watches its idle sessions. */
async function compareRequestCost(log: (line: string) => void): Promise<Pick<LiveSignOutResults, 'withoutWatchers' | 'withWatchers'>> {
  const base: BenchAppOptions = { sessions: 'memory', tracker: 'memory', idleSessions: SETTINGS.liveWatchers };
  const apps = await startPinned([{ ...base, watchIdle: false }, { ...base, watchIdle: true }]);
  try {
    const prepared = await Promise.all(
      apps.map(async (app, i) => ({ app, name: i === 0 ? 'no watchers' : 'idle watchers', runs: [] as TimedRun[], cookies: await Promise.all(Array.from({ length: SETTINGS.sessions }, (_, n) => logIn(app.url, `user-${i}-${n}`))) })),
    );
    log(`live sign-out: warming up (${SETTINGS.warmUpSeconds} s per app)`);
    for (const { app, cookies } of prepared) await loadProtected(app.url, cookies, SETTINGS.warmUpSeconds);
    for (let round = 0; round < SETTINGS.liveRounds; round++) {
      log(`live sign-out: protected route, round ${round + 1}/${SETTINGS.liveRounds}, both apps at once`);
      const runs = await measureTogether(prepared, ({ app, cookies }) => loadProtected(app.url, cookies, SETTINGS.seconds), ({ name }) => name);
      prepared.forEach((entry, i) => entry.runs.push(runs[i]!));
    }
    return { withoutWatchers: prepared[0]!.runs, withWatchers: prepared[1]!.runs };
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}

/** Evictions across two instances of the app with sessions and tracker on Redis. */
async function timeEvictions(redis: RedisServer, log: (line: string) => void): Promise<EvictionTiming[]> {
  const apps = await startPinned([0, 1].map(() => ({ sessions: 'redis', tracker: 'redis', redisUrl: redis.url })));
  try {
    const [a, b] = apps.map((app) => app.url) as [string, string];
    log(`live sign-out: ${SETTINGS.liveWarmUpEvictions} + ${SETTINGS.liveEvictions} evictions across two instances`);
    for (let i = 0; i < SETTINGS.liveWarmUpEvictions; i++) await timeEviction(a, b, `live-warm-up-${i}`);
    const timings: EvictionTiming[] = [];
    for (let i = 0; i < SETTINGS.liveEvictions; i++) timings.push(await timeEviction(a, b, `live-${i}`));
    return timings;
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}

async function startPinned(options: BenchAppOptions[]): Promise<AppProcess[]> {
  const apps: AppProcess[] = [];
  for (const option of options) {
    const app = await startAppProcess(option);
    pin(app.pid, APP_CPU);
    apps.push(app);
  }
  return apps;
}
