import type { Cache } from 'cache-manager';
import { accountStateFrom, accountStateJson, admitTo, endIn, expiryOf, isSpent, liveIn, type AccountState } from './account-state.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { Admission, AdmissionResult, AdmissionRule, EndedSession, EndRequest, SessionStorage } from './session-storage.interface.js';
import type { StoredSession } from './session-record.interface.js';

/**
 * `SessionStorage` over a Nest cache manager (the app's `CACHE_MANAGER` when it is not Redis):
 * one cache entry per account, changed under a per-process lock with a time limit. Atomic and
 * on one clock **within one process**: share such a cache between instances only if a rare lost
 * write is acceptable — for several instances use Redis (`redisStorage`).
 */
export class CacheSessionStorage implements SessionStorage {
  private readonly mutex: KeyedMutex;

  /**
   * @param cache the cache manager
   * @param timeoutMs longest wait (ms) for one call, queue included (`storeTimeout`)
   */
  constructor(
    private readonly cache: Cache,
    timeoutMs: number,
  ) {
    this.mutex = new KeyedMutex(timeoutMs);
  }

  admit(key: string, admission: Admission, rule: AdmissionRule): Promise<AdmissionResult> {
    return this.update(key, rule.ttl, (state, now) => admitTo(state, admission, rule, now));
  }

  end(key: string, request: EndRequest): Promise<EndedSession[]> {
    return this.update(key, request.ttl, (state, now) => endIn(state, request, now));
  }

  async list(key: string, ttl: number): Promise<Record<string, StoredSession>> {
    return liveIn(accountStateFrom(await this.cache.get(key)), Date.now(), ttl);
  }

  private update<T>(key: string, ttl: number, change: (state: AccountState, now: number) => T): Promise<T> {
    return this.mutex.run(key, async () => {
      const state = accountStateFrom(await this.cache.get(key));
      const now = Date.now();
      const result = change(state, now);
      if (isSpent(state)) await this.cache.del(key);
      else await this.cache.set(key, accountStateJson(state), Math.max(1, expiryOf(state, ttl) - now));
      return result;
    });
  }
}
