import type { TimedRun } from './http-bench.js';
import { fixed } from './report-format.js';
import { spread, type Spread } from './statistics.js';

/**
 * What a configuration adds to the app's CPU time per operation over a baseline run in the
 * same rounds, round by round: the difference (µs) and the ratio, each as median and extremes.
 */
export interface ModuleCost {
  deltaMicros: Spread;
  ratio: Spread;
}

/** The per-round cost of `runs` over `baseline` (the same rounds, in the same order). */
export function moduleCost(runs: TimedRun[], baseline: TimedRun[]): ModuleCost {
  const pairs = runs.map((run, i) => [run.cpuMicrosPerRequest, baseline[i]!.cpuMicrosPerRequest] as const);
  return { deltaMicros: spread(pairs.map(([cost, base]) => cost - base)), ratio: spread(pairs.map(([cost, base]) => cost / base)) };
}

/** A comparison to show: its label, and the cost. */
export type CostRow = [label: string, cost: ModuleCost];

/** The costs as a markdown table (`unit`: request, login). */
export function costTable(rows: CostRow[], unit: string, rounds: number): string {
  return [
    `| App CPU per ${unit}, per round | Δ µs / ${unit}: median (min to max over ${rounds} rounds) | ratio: median (min to max) |`,
    '|---|---:|---:|',
    ...rows.map(([label, { deltaMicros, ratio }]) => `| ${label} | ${signedMicros(deltaMicros.median)} (${signedMicros(deltaMicros.min)} to ${signedMicros(deltaMicros.max)}) | ×${fixed(ratio.median, 3)} (×${fixed(ratio.min, 3)} to ×${fixed(ratio.max, 3)}) |`),
  ].join('\n');
}

/** A difference in µs with its sign, with `digits` decimals (none by default). */
export function signedMicros(value: number, digits = 0): string {
  const magnitude = Math.abs(value).toFixed(digits);
  return Number(magnitude) === 0 ? magnitude : `${value > 0 ? '+' : '−'}${magnitude}`;
}
