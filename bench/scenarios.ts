import type { BenchAppOptions } from './app/bench-app-options.js';

/** One configuration of the bench app. */
export interface Scenario {
  id: 'a' | 'b' | 'c' | 'd' | 'd-strict';
  label: string;
  app: Omit<BenchAppOptions, 'redisUrl'>;
  /** Whether its login path is measured too (d-strict logs in exactly as d does). */
  login: boolean;
}

/** The configurations compared, each in its own app process. */
export const SCENARIOS: Scenario[] = [
  { id: 'a', label: '(a) no module, MemoryStore', app: { sessions: 'memory', tracker: 'none' }, login: true },
  { id: 'b', label: '(b) module, in-memory tracker, MemoryStore', app: { sessions: 'memory', tracker: 'memory' }, login: true },
  { id: 'c', label: '(c) no module, sessions in Redis', app: { sessions: 'redis', tracker: 'none' }, login: true },
  { id: 'd', label: '(d) module, Redis for tracker and sessions', app: { sessions: 'redis', tracker: 'redis' }, login: true },
  { id: 'd-strict', label: '(d-strict) as (d), recheckInterval 0', app: { sessions: 'redis', tracker: 'redis', recheckInterval: 0 }, login: false },
];

/** Whether the scenario talks to Redis. */
export function usesRedis(scenario: Scenario): boolean {
  return scenario.app.sessions === 'redis' || scenario.app.tracker === 'redis';
}
