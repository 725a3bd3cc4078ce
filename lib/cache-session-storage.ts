import type { Cache } from 'cache-manager';
import { asRecord, isEmpty, pruned, withEnded, withSession, without } from './account-record.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { AccountRecord, SessionEndNotice, StoredSession } from './session-record.interface.js';
import type { SessionStorage } from './session-storage.interface.js';

/**
 * `SessionStorage` over a Nest cache manager: one cache entry per account. Changes to one
 * account are serialised inside this process, so concurrent requests on one instance never
 * lose each other's writes. Across instances sharing a plain cache, a lost write is repaired
 * by the next request of the session it dropped (see the README's consistency model).
 */
export class CacheSessionStorage implements SessionStorage {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly cache: Cache) {}

  async read(key: string): Promise<AccountRecord> {
    return asRecord(await this.cache.get(key));
  }

  putSession(key: string, handle: string, session: StoredSession, ttlMs: number): Promise<AccountRecord> {
    return this.update(key, ttlMs, (record) => withSession(pruned(record, session.lastSeenAt, ttlMs), handle, session));
  }

  async endSessions(key: string, ended: Record<string, SessionEndNotice>, ttlMs: number): Promise<void> {
    await this.update(key, ttlMs, (record) => withEnded(record, ended));
  }

  async forgetSessions(key: string, handles: string[], ttlMs: number): Promise<void> {
    await this.update(key, ttlMs, (record) => without(record, handles));
  }

  private update(key: string, ttlMs: number, change: (record: AccountRecord) => AccountRecord): Promise<AccountRecord> {
    return this.mutex.run(key, async () => {
      const record = change(await this.read(key));
      if (isEmpty(record)) await this.cache.del(key);
      else await this.cache.set(key, record, ttlMs);
      return record;
    });
  }
}
