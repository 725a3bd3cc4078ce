import { once, type EventEmitter } from 'node:events';
import type { Provider } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { CacheSessionStorage } from './cache-session-storage.js';
import { MemorySessionStorage } from './memory-session-storage.js';
import { isRedisClient, type RedisClientLike } from './redis-clients.js';
import { RedisSessionStorage } from './redis-session-storage.js';
import type { SessionStorage } from './session-storage.interface.js';
import { SINGLE_SESSION_OPTIONS, SINGLE_SESSION_STORAGE } from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';
import { TimeLimitedStorage } from './time-limited-storage.js';

/** The provider of the tracker's storage (`SINGLE_SESSION_STORAGE`), time-limited. */
export const sessionStorageProvider: Provider = {
  provide: SINGLE_SESSION_STORAGE,
  inject: [SINGLE_SESSION_OPTIONS, { token: CACHE_MANAGER, optional: true }],
  useFactory: (options: ResolvedOptions, appCache?: Cache): SessionStorage =>
    new TimeLimitedStorage(options.storage ?? defaultStorage(options, appCache), options.storeTimeout),
};

/**
 * A `SessionStorage` on Redis over a client the app made and connects: node-redis
 * (`createClient()`, `createCluster()`) or ioredis (`new Redis()`, `new Redis.Cluster()`).
 * The same as giving the client itself as the `storage` option.
 */
export function redisStorage(client: RedisClientLike): SessionStorage {
  if (!isRedisClient(client)) throw new TypeError('redisStorage() needs a node-redis or ioredis client (or cluster).');
  return new RedisSessionStorage(client);
}

/**
 * The storage when the app gives none: the app's global `CACHE_MANAGER` (through its Redis
 * client when its first store is `@keyv/redis`), else a private in-memory store.
 */
function defaultStorage(options: ResolvedOptions, appCache?: Cache): SessionStorage {
  if (!appCache) return new MemorySessionStorage(options.memoryLimit, options.ttl);
  const adapter = keyvRedisAdapter(appCache);
  if (!adapter) return new CacheSessionStorage(appCache, options.storeTimeout);
  // The adapter connects lazily: connect now, and let the first calls wait (within storeTimeout)
  // until the connection is ready once, since a client with `disableOfflineQueue` fails every
  // command sent while it is still connecting. After that, failures are reported as they come.
  const firstReady = adapter.getClient().then(untilReady).catch(() => undefined);
  return new RedisSessionStorage(() => firstReady.then(() => adapter.getClient()));
}

/** Resolves once a node-redis client has finished connecting (at once if it has). */
async function untilReady(client: RedisClientLike): Promise<void> {
  const events = client as unknown as EventEmitter & { isReady?: boolean };
  if (events.isReady === false) await once(events, 'ready');
}

/** The `@keyv/redis` adapter of the cache's first store, recognised by its shape. */
function keyvRedisAdapter(cache: Cache): { getClient(): Promise<RedisClientLike> } | undefined {
  const adapter = cache.stores?.[0]?.store as { getClient?: unknown; client?: unknown } | undefined;
  return typeof adapter?.getClient === 'function' && isRedisClient(adapter.client)
    ? (adapter as { getClient(): Promise<RedisClientLike> })
    : undefined;
}
