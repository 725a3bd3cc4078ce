/**
 * A map that keeps its entries in the order they were last set, and finds the least recent
 * one in constant time however often entries move.
 *
 * A plain `Map` used that way (delete, then set again at the end) is slow to read from the
 * front: a deleted entry keeps its slot until the map rehashes, and every new iteration
 * steps over all the slots deleted before the first live entry — with 100,000 entries moving
 * round, tens of µs per read. This map reads the front with one iterator that lives as long
 * as the map, so each deleted slot is stepped over once.
 */
export class RecencyMap<K, V> {
  private readonly entries = new Map<K, V>();
  /** Walks the keys in order; every key before its position has been deleted since it passed. */
  private cursor: MapIterator<K> = this.entries.keys();
  /** The least recent key, once the cursor has found it (and until it is deleted). */
  private front?: { key: K };

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets the entry as the most recent one. */
  set(key: K, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
  }

  delete(key: K): boolean {
    if (this.front !== undefined && this.front.key === key) this.front = undefined;
    return this.entries.delete(key);
  }

  /** The least recent key, or `undefined` when the map is empty. */
  oldest(): K | undefined {
    if (this.front === undefined) {
      let next = this.cursor.next();
      // A finished iterator stays finished: once every key has passed, the map was empty, and a new one starts.
      if (next.done) next = (this.cursor = this.entries.keys()).next();
      if (next.done) return undefined;
      this.front = { key: next.value };
    }
    return this.front.key;
  }
}
