import type { InProcessMemory } from './memory/in-process.js';
import { runOneShot } from './one-shot.js';
import type { RedisServer } from './redis-server.js';
import { usedMemory } from './redis-stats.js';
import { SETTINGS } from './settings.js';

/** Prefix of the accounts the Redis memory run creates. */
const REDIS_MEMORY_PREFIX = 'bench-memory';

/** What the Redis memory run measured. */
export interface RedisMemory {
  users: number;
  /** Growth of `used_memory` over the run, bytes. */
  usedMemoryDelta: number;
  /** Mean `MEMORY USAGE` of the sampled accounts (one session each; an account's three keys together), bytes. */
  meanKeyUsage: number;
  sampledKeys: number;
  loginsPerSecond: number;
}

/** Memory of the default in-memory store: a fresh process, `memoryUsers` logins. */
export function runInProcessMemory(): Promise<InProcessMemory> {
  return runOneShot<InProcessMemory>(new URL('./memory/in-process.js', import.meta.url), { users: SETTINGS.memoryUsers }, ['--expose-gc']);
}

/** Memory of the Redis tracker: `redisMemoryUsers` logins, read from redis-server itself. */
export async function runRedisMemory(redis: RedisServer): Promise<RedisMemory> {
  const users = SETTINGS.redisMemoryUsers;
  const before = await usedMemory(redis);
  const { loginsPerSecond } = await runOneShot<{ loginsPerSecond: number }>(new URL('./memory/redis.js', import.meta.url), {
    users,
    redisUrl: redis.url,
    keyPrefix: REDIS_MEMORY_PREFIX,
  });
  const usedMemoryDelta = (await usedMemory(redis)) - before;
  let total = 0;
  let sampledKeys = 0;
  // An account is three keys with one hash tag: `{prefix:account:id}:s`, `:e` and `:t`.
  for await (const keys of redis.client.scanIterator({ MATCH: `{${REDIS_MEMORY_PREFIX}:*}:s`, COUNT: 1000 })) {
    for (const key of keys) {
      if (sampledKeys === SETTINGS.redisMemorySample) break;
      for (const suffix of ['s', 'e', 't']) {
        total += Number((await redis.client.sendCommand(['MEMORY', 'USAGE', `${key.slice(0, -1)}${suffix}`, 'SAMPLES', '0'])) ?? 0);
      }
      sampledKeys++;
    }
    if (sampledKeys === SETTINGS.redisMemorySample) break;
  }
  return { users, usedMemoryDelta, meanKeyUsage: total / sampledKeys, sampledKeys, loginsPerSecond };
}
