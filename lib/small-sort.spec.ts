import { describe, expect, it } from 'vitest';
import { sortSmall } from './small-sort.js';

describe('sortSmall', () => {
  it('sorts like Array.prototype.sort, stably, short and long arrays alike', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let length = 0; length <= 40; length++) {
      for (let round = 0; round < 20; round++) {
        // Few distinct keys, so that ties are common and stability shows.
        const items = Array.from({ length }, (_, index) => ({ key: Math.floor(random() * 4), index }));
        const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
        const sorted = sortSmall([...items], byKey);
        expect(sorted).toEqual([...items].sort(byKey));
        for (let i = 1; i < sorted.length; i++) {
          if (sorted[i - 1]!.key === sorted[i]!.key) expect(sorted[i - 1]!.index).toBeLessThan(sorted[i]!.index);
        }
      }
    }
  });

  it('sorts in place and returns the array', () => {
    const items = [3, 1, 2];
    expect(sortSmall(items, (a, b) => a - b)).toBe(items);
    expect(items).toEqual([1, 2, 3]);
  });
});
