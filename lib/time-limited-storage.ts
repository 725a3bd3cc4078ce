import type { Admission, AdmissionResult, AdmissionRule, EndedSession, EndRequest, SessionStorage } from './session-storage.interface.js';
import type { StoredSession } from './session-record.interface.js';

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

  admit(key: string, admission: Admission, rule: AdmissionRule): Promise<AdmissionResult> {
    return withinTimeout(this.inner.admit(key, admission, rule), this.timeoutMs);
  }

  end(key: string, request: EndRequest): Promise<EndedSession[]> {
    return withinTimeout(this.inner.end(key, request), this.timeoutMs);
  }

  list(key: string, ttl: number): Promise<Record<string, StoredSession>> {
    return withinTimeout(this.inner.list(key, ttl), this.timeoutMs);
  }
}

/**
 * `call`, or a `StoreTimeoutError` once `timeoutMs` has passed; a late rejection of `call` is
 * absorbed. When the timer fires, the rejection waits for the event loop's next I/O phase: an
 * answer that already arrived while the process was busy (a login storm) still wins, so only a
 * store that really did not answer in time counts as failing.
 */
export function withinTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  // One promise and one timer per call (no race, no finally): this wraps every store call of a login.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => setImmediate(() => reject(new StoreTimeoutError(`the store did not answer within ${timeoutMs} ms`))), timeoutMs);
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
