import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RecencyMap } from './recency-map.js';

// `gc()` for the memory test, in a fresh context (the flag applies to contexts made after it).
setFlagsFromString('--expose-gc');

describe('RecencyMap', () => {
  it('names the least recently set key, which moves when it is set again or deleted', () => {
    const map = new RecencyMap<string, number>();
    expect(map.oldest()).toBeUndefined();
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.oldest()).toBe('a');
    map.set('a', 4);
    expect(map.oldest()).toBe('b');
    expect(map.get('a')).toBe(4);
    map.delete('b');
    expect(map.oldest()).toBe('c');
    map.delete('c');
    expect(map.oldest()).toBe('a');
    expect(map.size).toBe(1);
  });

  it('keeps the order of a plain Map through many moves, deletions and emptyings', () => {
    const map = new RecencyMap<number, number>();
    const reference = new Map<number, number>();
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let step = 0; step < 20_000; step++) {
      const key = random(50);
      const action = random(10);
      if (action < 6) {
        map.set(key, step);
        reference.delete(key);
        reference.set(key, step);
      } else if (action < 8) {
        expect(map.delete(key)).toBe(reference.delete(key));
      } else if (action < 9) {
        const value = reference.get(key);
        reference.delete(key);
        expect(map.take(key)).toBe(value);
      } else {
        // Empties the map from the front, as the memory store's sweep does, then fills it again.
        for (let oldest = map.oldest(); oldest !== undefined; oldest = map.oldest()) {
          expect(oldest).toBe(reference.keys().next().value);
          map.delete(oldest);
          reference.delete(oldest);
        }
      }
      expect(map.size).toBe(reference.size);
      expect(map.oldest()).toBe(reference.keys().next().value);
    }
  });
});

describe('RecencyMap: memory', () => {
  it('regression, was broken: lets replaced values go while its front stays (its cursor kept the tables the map shrank from)', async () => {
    const gc = runInNewContext('gc') as () => void;
    const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
    const map = new RecencyMap<number, object>();
    const firstValues: WeakRef<object>[] = [];
    (() => {
      for (let key = 0; key < 20_000; key++) {
        const value = { key, payload: Array.from({ length: 8 }, () => key) };
        firstValues.push(new WeakRef(value));
        map.set(key, value);
      }
    })();
    expect(map.oldest()).toBe(0); // key 0 stays the front (a live account, not yet forgettable)
    for (let key = 1; key < 20_000; key++) map.set(key, { key }); // every other one is used again
    expect(map.oldest()).toBe(0);
    await turn();
    gc();
    await turn();
    gc();
    expect(firstValues.slice(1).filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });
});
