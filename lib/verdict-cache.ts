/** Most sessions (and accounts) whose verdict one process remembers; the least recently checked go first. */
const MAX_VERDICTS = 100_000;

/** One confirmation: for which account, when, and the change counter as it was before the store was read. */
interface Confirmation {
  userId: string;
  accountKey: string;
  at: number;
  mark: number;
}

/**
 * Remembers, per session id, when the store last confirmed that the session holds its account,
 * so a request within `recheckInterval` of that passes with no store I/O and no hashing: one
 * map lookup by the raw id the request carries. A confirmation belongs to one account (two
 * accounts may present the same id — two tokens with one `jti` — and never share one). A change
 * to the account made on this instance after the store was read for a confirmation (a login
 * registered, sessions signed out) voids it, so this instance sees at once every change it makes.
 */
export class VerdictCache {
  private readonly confirmed = new Map<string, Confirmation>();
  private readonly changedAt = new Map<string, number>();
  private changes = 0;

  constructor(private readonly recheckInterval: number) {}

  /** The change counter; take it before reading the store, pass it to `confirm`. */
  mark(): number {
    return this.changes;
  }

  /** Whether the session was confirmed for this account less than `recheckInterval` ago, with no change to the account since. */
  isFresh(sessionId: string, userId: string, now: number): boolean {
    const entry = this.confirmed.get(sessionId);
    return (
      entry !== undefined &&
      entry.userId === userId &&
      now - entry.at < this.recheckInterval &&
      entry.mark >= (this.changedAt.get(entry.accountKey) ?? 0)
    );
  }

  /** Records that the store, read after `mark` was taken, confirmed the session for the account at `now`. */
  confirm(sessionId: string, userId: string, accountKey: string, now: number, mark: number): void {
    if (this.recheckInterval === 0) return;
    remember(this.confirmed, sessionId, { userId, accountKey, at: now, mark });
  }

  /**
   * Drops the confirmation of a session that this instance has just ended (void already, by
   * `accountChanged`): its room goes at once, not when 100,000 newer sessions have pushed it out.
   */
  forget(sessionId: string): void {
    this.confirmed.delete(sessionId);
  }

  /** Records that the account's sessions changed on this instance (call it after the store write): its confirmations are void. */
  accountChanged(accountKey: string): void {
    if (this.recheckInterval === 0) return;
    remember(this.changedAt, accountKey, ++this.changes);
  }
}

/** Least recent entries dropped at once when a map passes the bound. */
const EVICTION_BATCH = MAX_VERDICTS / 10;

/**
 * Sets `key` as the most recent entry of `map`; past the bound, drops the least recent entries
 * in one batch. (A Map keeps deleted slots until it rehashes and its iterators skip them, so
 * dropping the oldest entry one insertion at a time would scan ever more of them: tens of µs
 * per call once the bound is reached.)
 */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size <= MAX_VERDICTS) return;
  let excess = map.size - MAX_VERDICTS + EVICTION_BATCH;
  for (const oldest of map.keys()) {
    map.delete(oldest);
    if (--excess === 0) break;
  }
}
