import type { AccountRecord, SessionEndNotice, StoredSession } from './session-record.interface.js';
import type { SessionStorage } from './session-storage.interface.js';

/** Thrown when a storage call takes longer than `storeTimeout`. */
export class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';
}

/**
 * Wraps a `SessionStorage` so that no call waits longer than `timeoutMs`: a store that hangs
 * (Redis down, commands queued until it returns) fails fast and `onStoreError` applies.
 */
export class TimeLimitedStorage implements SessionStorage {
  constructor(
    private readonly inner: SessionStorage,
    private readonly timeoutMs: number,
  ) {}

  read(key: string): Promise<AccountRecord> {
    return this.limit(this.inner.read(key));
  }

  putSession(key: string, handle: string, session: StoredSession, ttlMs: number): Promise<AccountRecord> {
    return this.limit(this.inner.putSession(key, handle, session, ttlMs));
  }

  endSessions(key: string, ended: Record<string, SessionEndNotice>, ttlMs: number): Promise<void> {
    return this.limit(this.inner.endSessions(key, ended, ttlMs));
  }

  forgetSessions(key: string, handles: string[], ttlMs: number): Promise<void> {
    return this.limit(this.inner.forgetSessions(key, handles, ttlMs));
  }

  private limit<T>(call: Promise<T>): Promise<T> {
    return withinTimeout(call, this.timeoutMs);
  }
}

/** `call`, or a `StoreTimeoutError` once `timeoutMs` has passed; a late rejection of `call` is absorbed. */
export function withinTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(`the store did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  call.catch(() => undefined);
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
