/**
 * `npm run bench`: starts redis-server and the bench apps on loopback, measures the protected
 * route and the login path with and without the module, then memory per tracked session;
 * prints a markdown report and writes it to bench/results.md.
 */
import { writeFile } from 'node:fs/promises';
import { LOAD_CPU, pin } from './cpu-pinning.js';
import { runHttpBench } from './http-bench.js';
import { describeMachine } from './machine.js';
import { runInProcessMemory, runRedisMemory } from './memory-bench.js';
import { startRedisServer } from './redis-server.js';
import { renderReport } from './report.js';
import { SETTINGS } from './settings.js';

const RESULTS_FILE = new URL('../../bench/results.md', import.meta.url);

const log = (line: string) => console.error(`[bench] ${line}`);

pin(process.pid, LOAD_CPU);
let redis;
try {
  redis = await startRedisServer();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
try {
  const machine = describeMachine(redis.version);
  const http = await runHttpBench(redis, log);
  log(`memory: ${SETTINGS.memoryUsers.toLocaleString('en')} logins in process`);
  const inProcess = await runInProcessMemory();
  log(`memory: ${SETTINGS.redisMemoryUsers.toLocaleString('en')} logins against Redis`);
  const redisMemory = await runRedisMemory(redis);
  const report = renderReport({ machine, http, inProcess, redisMemory });
  console.log(report);
  await writeFile(RESULTS_FILE, report);
  log(`written to bench/results.md`);
} finally {
  await redis.stop();
}
