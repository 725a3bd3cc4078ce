/** Longest array `sortSmall` sorts by insertion; longer ones go to `Array.prototype.sort`. */
const INSERTION_SORT_LIMIT = 16;

/**
 * Sorts `items` in place by `compare`, stably, and returns them. An account's sessions are
 * ranked on every evicting login, a handful at a time: V8's `sort` allocates its merge state
 * (some 400 bytes) on every call, even for two items, while an insertion sort allocates nothing.
 */
export function sortSmall<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > INSERTION_SORT_LIMIT) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    for (; j >= 0 && compare(items[j]!, item) > 0; j--) items[j + 1] = items[j]!;
    items[j + 1] = item;
  }
  return items;
}
