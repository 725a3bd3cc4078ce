import { once, type EventEmitter } from 'node:events';
import type { Provider } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { CacheSessionStorage } from './cache-session-storage.js';
import { MemoryEventBus } from './memory-event-bus.js';
import { MemorySessionStorage } from './memory-session-storage.js';
import { isRedisClient, type RedisClientLike } from './redis-clients.js';
import { RedisEventBus } from './redis-event-bus.js';
import { RedisSessionStorage } from './redis-session-storage.js';
import type { SessionEventBus } from './session-event-bus.interface.js';
import type { SessionStorage } from './session-storage.interface.js';
import { SINGLE_SESSION_EVENT_BUS, SINGLE_SESSION_OPTIONS, SINGLE_SESSION_STORAGE } from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';
import { TimeLimitedStorage } from './time-limited-storage.js';

/** Token of the storage as chosen, before its time limit. */
const CHOSEN_STORAGE = Symbol('SINGLE_SESSION:CHOSEN_STORAGE');

/**
 * The providers of the tracker's storage (`SINGLE_SESSION_STORAGE`, time-limited) and, beside
 * it, of the bus that carries events between the instances sharing it (`SINGLE_SESSION_EVENT_BUS`).
 */
export const sessionStorageProviders: Provider[] = [
  {
    provide: CHOSEN_STORAGE,
    inject: [SINGLE_SESSION_OPTIONS, { token: CACHE_MANAGER, optional: true }],
    useFactory: (options: ResolvedOptions, appCache?: Cache): SessionStorage => options.storage ?? defaultStorage(options, appCache),
  },
  {
    provide: SINGLE_SESSION_STORAGE,
    inject: [CHOSEN_STORAGE, SINGLE_SESSION_OPTIONS],
    // The in-memory store answers within the call itself: no timer to set on every call.
    useFactory: (storage: SessionStorage, options: ResolvedOptions): SessionStorage =>
      storage instanceof MemorySessionStorage ? storage : new TimeLimitedStorage(storage, options.storeTimeout),
  },
  { provide: SINGLE_SESSION_EVENT_BUS, inject: [CHOSEN_STORAGE, SINGLE_SESSION_OPTIONS], useFactory: eventBusBeside },
];

/**
 * The event bus of a storage: Redis pub/sub over the client of a Redis storage (however it was
 * given), else none beyond this instance.
 */
function eventBusBeside(storage: SessionStorage, options: ResolvedOptions): SessionEventBus {
  return storage instanceof RedisSessionStorage
    ? new RedisEventBus(storage.connection, `${options.keyPrefix}:events`, options.storeTimeout)
    : new MemoryEventBus();
}

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
  return new RedisSessionStorage(connectionTo(adapter, firstReady));
}

/**
 * The storage's way to the adapter's client: while the client it last got is the adapter's and
 * open, one promise of it, made once (no new promise chain on every store call and event);
 * else, after `firstReady`, the adapter's `getClient()`, which reconnects a closed client.
 */
function connectionTo(adapter: KeyvRedisAdapter, firstReady: Promise<unknown>): () => Promise<RedisClientLike> {
  let last: { client: RedisClientLike; promise: Promise<RedisClientLike> } | undefined;
  return () => {
    if (last && last.client === adapter.client && (last.client as { isOpen?: boolean }).isOpen === true) return last.promise;
    return firstReady
      .then(() => adapter.getClient())
      .then((client) => {
        last = { client, promise: Promise.resolve(client) };
        return client;
      });
  };
}

/** Resolves once a node-redis client has finished connecting (at once if it has). */
async function untilReady(client: RedisClientLike): Promise<void> {
  const events = client as unknown as EventEmitter & { isReady?: boolean };
  if (events.isReady === false) await once(events, 'ready');
}

/** A `@keyv/redis` adapter, as far as the storage uses it. */
interface KeyvRedisAdapter {
  /** Its client (connected or not). */
  client: unknown;
  /** Its client, connected first when it is not. */
  getClient(): Promise<RedisClientLike>;
}

/** The `@keyv/redis` adapter of the cache's first store, recognised by its shape. */
function keyvRedisAdapter(cache: Cache): KeyvRedisAdapter | undefined {
  const adapter = cache.stores?.[0]?.store as { getClient?: unknown; client?: unknown } | undefined;
  return typeof adapter?.getClient === 'function' && isRedisClient(adapter.client) ? (adapter as KeyvRedisAdapter) : undefined;
}
