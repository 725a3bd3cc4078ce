/**
 * `npm run bench`: starts redis-server and the bench apps on loopback, measures the protected
 * route and the login path with and without the module, memory per tracked session, the cost
 * of large accounts and of live sign-out, and the in-memory store's cost per call as its
 * accounts grow; prints a markdown report and writes it to bench/results.md.
 *
 * `npm run bench -- --only login` (or `requests`, `account-size`, `memory`, `profile`, `live-sign-out`, `store-scale`) runs that
 * section alone and writes it to bench/results-<name>.md (not committed), to rerun it quickly.
 */
import { writeFile } from 'node:fs/promises';
import { runAccountSizeBench } from './account-size-bench.js';
import { renderProfile, runProfileBench } from './profile-bench.js';
import { renderAccountSize } from './account-size/report.js';
import { LOAD_CPU, pin } from './cpu-pinning.js';
import { runHttpBench } from './http-bench.js';
import { runLiveSignOutBench } from './live-sign-out-bench.js';
import { renderLiveSignOut } from './live-sign-out/report.js';
import { describeMachine, type Machine } from './machine.js';
import { runInProcessMemory, runRedisMemory } from './memory-bench.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { renderLogin, renderMemory, renderProtected, renderReport } from './report.js';
import { machineLine } from './report-format.js';
import { SETTINGS } from './settings.js';
import { runStoreScaleBench } from './store-scale-bench.js';
import { renderStoreScale } from './store-scale/report.js';

const log = (line: string) => console.error(`[bench] ${line}`);

/** What `npm run bench` can run: everything, or one section (`--only <name>`); each writes its report to its own file. */
const RUNS: Record<string, { file: string; run(redis: RedisServer, machine: Machine): Promise<string> }> = {
  all: { file: 'results.md', run: runAll },
  requests: {
    file: 'results-requests.md',
    run: async (redis, machine) => ['# Benchmark results: protected route', '', machineLine(machine), '', renderProtected(await runHttpBench(redis, log, { protectedRoute: true, login: false }))].join('\n'),
  },
  login: {
    file: 'results-login.md',
    run: async (redis, machine) => ['# Benchmark results: login', '', machineLine(machine), '', renderLogin(await runHttpBench(redis, log, { protectedRoute: false, login: true }))].join('\n'),
  },
  profile: {
    file: 'results-profile.md',
    run: async (_, machine) => ['# Benchmark results: profile', '', machineLine(machine), '', renderProfile(await runProfileBench(log))].join('\n'),
  },
  memory: {
    file: 'results-memory.md',
    run: async (redis, machine) => ['# Benchmark results: memory', '', machineLine(machine), '', renderMemory(await runInProcessMemory(), await runRedisMemory(redis))].join('\n'),
  },
  'account-size': {
    file: 'results-account-size.md',
    run: async (redis, machine) => ['# Benchmark results: account size', '', machineLine(machine), '', renderAccountSize(await runAccountSizeBench(redis, log))].join('\n'),
  },
  'live-sign-out': {
    file: 'results-live-sign-out.md',
    run: async (redis, machine) => ['# Benchmark results: live sign-out', '', machineLine(machine), '', renderLiveSignOut(await runLiveSignOutBench(redis, log))].join('\n'),
  },
  'store-scale': {
    file: 'results-store-scale.md',
    run: async (_, machine) => ['# Benchmark results: in-memory store at scale', '', machineLine(machine), '', renderStoreScale(await runStoreScaleBench(log))].join('\n'),
  },
};

async function runAll(redis: RedisServer, machine: Machine): Promise<string> {
  const http = await runHttpBench(redis, log);
  log(`memory: ${SETTINGS.memoryUsers.toLocaleString('en')} logins in process`);
  const inProcess = await runInProcessMemory();
  log(`memory: ${SETTINGS.redisMemoryUsers.toLocaleString('en')} logins against Redis`);
  const redisMemory = await runRedisMemory(redis);
  const storeScale = await runStoreScaleBench(log);
  const accountSize = await runAccountSizeBench(redis, log);
  const liveSignOut = await runLiveSignOutBench(redis, log);
  const profile = await runProfileBench(log);
  return [renderReport({ machine, http, inProcess, redisMemory, storeScale, accountSize, liveSignOut }), renderProfile(profile)].join('\n');
}

/** The run `--only <name>` (or `--only=<name>`) asks for, or `all`. */
function chosenRun(args: string[]): string {
  const at = args.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (at === -1) return 'all';
  const name = args[at]!.includes('=') ? args[at]!.slice('--only='.length) : args[at + 1];
  if (name === undefined || name === 'all' || !(name in RUNS)) {
    console.error(`Unknown section '${name ?? ''}': use --only ${Object.keys(RUNS).filter((key) => key !== 'all').join(' | ')}, or no --only for everything.`);
    process.exit(1);
  }
  return name;
}

const { file, run } = RUNS[chosenRun(process.argv.slice(2))]!;
pin(process.pid, LOAD_CPU);
let redis;
try {
  redis = await startRedisServer();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
try {
  const report = await run(redis, describeMachine(redis.version));
  console.log(report);
  await writeFile(new URL(`../../bench/${file}`, import.meta.url), report);
  log(`written to bench/${file}`);
} finally {
  await redis.stop();
}
