/** Most sessions whose verdict one process remembers; the least recently checked go first. */
const MAX_VERDICTS = 100_000;

/**
 * Remembers, per session handle, when the store last confirmed that the session holds its
 * account, so a request within `recheckInterval` of that passes with no store I/O.
 */
export class VerdictCache {
  private readonly checkedAt = new Map<string, number>();

  constructor(private readonly recheckInterval: number) {}

  /** Whether the session was confirmed less than `recheckInterval` ago. */
  isFresh(handle: string, now: number): boolean {
    const at = this.checkedAt.get(handle);
    return at !== undefined && now - at < this.recheckInterval;
  }

  /** Records that the store confirmed the session at `now`. */
  confirm(handle: string, now: number): void {
    if (this.recheckInterval === 0) return;
    this.checkedAt.delete(handle);
    this.checkedAt.set(handle, now);
    if (this.checkedAt.size > MAX_VERDICTS) {
      this.checkedAt.delete(this.checkedAt.keys().next().value as string);
    }
  }

  /** Drops the session's verdict, so its next request reads the store. */
  forget(handle: string): void {
    this.checkedAt.delete(handle);
  }
}
