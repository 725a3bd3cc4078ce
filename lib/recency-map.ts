/**
 * A map that keeps its entries in the order they were last set, and finds the least recent
 * one in constant time however often entries move.
 *
 * A plain `Map` used that way (delete, then set again at the end) is slow to read from the
 * front: a deleted entry keeps its slot until the map rehashes, and every new iteration steps
 * over all the slots deleted before the first live entry — with 100,000 entries moving round,
 * tens of µs per read. One iterator kept across reads would step over each slot once, but it
 * would also keep every table the map outgrows alive until its next step (a whole table's
 * worth of memory while the map only grows). So the entries live in two maps: `older`, which
 * only ever loses entries and is read from the front by a long-lived iterator, and `recent`,
 * which takes every entry set; when `older` runs out, `recent` becomes `older`. Values are
 * never `undefined`, so that one look-up tells whether a key is there.
 */
export class RecencyMap<K, V extends {}> {
  /** Entries set since `older` was made, least recent first. */
  private recent = new Map<K, V>();
  /** Entries set before, least recent first: every one of them is older than every one of `recent`. Never grows. */
  private older = new Map<K, V>();
  /** Walks the keys of `older` in order; every key before its position has been deleted since it passed. */
  private cursor: MapIterator<K> = this.older.keys();
  /** The least recent key, once the cursor has found it (and until it is deleted). */
  private front?: { key: K };
  /** Entries of `older` when the cursor started (see `delete`). */
  private sizeAtCursor = 0;

  /** Number of entries. */
  get size(): number {
    return this.recent.size + this.older.size;
  }

  get(key: K): V | undefined {
    return this.recent.get(key) ?? this.older.get(key);
  }

  /** Removes the entry and gives its value, if there is one (one look-up when the entry is recent). */
  take(key: K): V | undefined {
    const value = this.get(key);
    if (value !== undefined) this.delete(key);
    return value;
  }

  /** Sets the entry as the most recent one. */
  set(key: K, value: V): void {
    this.delete(key);
    this.recent.set(key, value);
  }

  delete(key: K): boolean {
    if (this.recent.delete(key)) return true;
    if (this.front !== undefined && this.front.key === key) this.front = undefined;
    if (!this.older.delete(key)) return false;
    // A shrinking map rebuilds its table, and an iterator keeps the table it reads (with the values
    // still in it) until its next step: once `older` has halved, the cursor starts again on the current one.
    if (this.older.size * 2 < this.sizeAtCursor) this.restartCursor();
    return true;
  }

  /** The least recent key, or `undefined` when the map is empty. */
  oldest(): K | undefined {
    if (this.front === undefined) {
      let next = this.cursor.next();
      // The cursor has passed every key of `older`, and each was deleted after it passed: `older` is empty.
      if (next.done) {
        if (this.recent.size === 0) return undefined;
        this.older = this.recent;
        this.recent = new Map();
        this.restartCursor();
        next = this.cursor.next();
      }
      this.front = { key: next.value as K };
    }
    return this.front.key;
  }

  /** A new cursor on `older`, at the same place: past the front, if found (every key before it was deleted). */
  private restartCursor(): void {
    this.cursor = this.older.keys();
    this.sizeAtCursor = this.older.size;
    if (this.front !== undefined) this.cursor.next();
  }
}
