/** The middle value of `values` (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The `q` quantile (0–1) of values sorted ascending, nearest rank; NaN when empty. */
export function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** The list starting at `round` (mod its length), so that in interleaved rounds no configuration always runs first. */
export function rotate<T>(list: T[], round: number): T[] {
  const start = round % list.length;
  return [...list.slice(start), ...list.slice(0, start)];
}

/** The median and the extremes of some values (NaN when empty). */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median, the smallest and the largest of `values`. */
export function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
