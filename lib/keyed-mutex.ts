import { StoreTimeoutError, withinTimeout } from './time-limited-storage.js';

/**
 * Runs tasks one after another per key, within this process, each within a time limit. It
 * makes read-modify-write sequences on one cache key atomic for a single instance; it is not a
 * lock across instances. A task that hangs holds the key for at most `timeoutMs`: it then fails
 * with `StoreTimeoutError` and the next task runs; a task that cannot start within its own
 * `timeoutMs` fails the same way without running, so a hung store cannot queue work for ever.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly timeoutMs: number) {}

  /** Runs `task` once every task queued earlier for `key` has settled or timed out. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = withinTimeout(previous, this.timeoutMs).then(
      () => withinTimeout(task(), Math.max(1, deadline - Date.now())),
      (error: unknown) => {
        if (error instanceof StoreTimeoutError) throw new StoreTimeoutError(`a call queued behind another did not start within ${this.timeoutMs} ms`);
        return withinTimeout(task(), Math.max(1, deadline - Date.now()));
      },
    );
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
