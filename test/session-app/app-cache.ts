import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import type { RunningApp } from '../support/start-app.js';

/** The app's own cache manager (the app must register `CacheModule` globally: `appCache: true`). */
export function appCache(running: RunningApp): Cache {
  return running.app.get<Cache>(CACHE_MANAGER);
}

/** Makes the cache drop the next write of `key`, as a lost write would; the write still reports success. */
export function loseNextWrite(cache: Cache, key: string): void {
  const set = cache.set.bind(cache);
  let armed = true;
  cache.set = (async (name: string, value: unknown, ttl?: number) => {
    if (armed && name === key) {
      armed = false;
      return value;
    }
    return set(name, value, ttl);
  }) as Cache['set'];
}
