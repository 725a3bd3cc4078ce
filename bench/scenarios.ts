import type { BenchAppOptions } from './app/bench-app-options.js';

/** One configuration of the bench app. */
export interface Scenario {
  id: 'a' | 'b' | 'c' | 'd' | 'd-strict' | 'd-relaxed' | 'a-floor' | 'c-floor';
  label: string;
  app: Omit<BenchAppOptions, 'redisUrl'>;
  /** Whether its protected route is measured (a floor app logs in only). */
  protectedRoute: boolean;
  /** Whether its login path is measured (d-strict logs in exactly as d does). */
  login: boolean;
}

/** The configurations compared, each in its own app process. */
export const SCENARIOS: Scenario[] = [
  { id: 'a', label: '(a) no module, MemoryStore', app: { sessions: 'memory', tracker: 'none' }, protectedRoute: true, login: true },
  { id: 'b', label: '(b) module, in-memory tracker, MemoryStore', app: { sessions: 'memory', tracker: 'memory' }, protectedRoute: true, login: true },
  { id: 'c', label: '(c) no module, sessions in Redis', app: { sessions: 'redis', tracker: 'none' }, protectedRoute: true, login: true },
  { id: 'd', label: '(d) module, Redis for tracker and sessions', app: { sessions: 'redis', tracker: 'redis' }, protectedRoute: true, login: true },
  { id: 'd-strict', label: '(d-strict) as (d), recheckInterval 0', app: { sessions: 'redis', tracker: 'redis', recheckInterval: 0 }, protectedRoute: true, login: false },
  {
    id: 'd-relaxed',
    label: '(d-relaxed) as (d), recheckInterval 60 s: a store read per session a minute',
    app: { sessions: 'redis', tracker: 'redis', recheckInterval: 60_000 },
    protectedRoute: true,
    login: false,
  },
  { id: 'a-floor', label: '(a-floor) as (a), plus the floor of an evicting login, in memory', app: { sessions: 'memory', tracker: 'none', loginFloor: true }, protectedRoute: false, login: true },
  { id: 'c-floor', label: '(c-floor) as (c), plus the floor of an evicting login, on Redis', app: { sessions: 'redis', tracker: 'none', loginFloor: true }, protectedRoute: false, login: true },
];

/** Whether the scenario talks to Redis. */
export function usesRedis(scenario: Scenario): boolean {
  return scenario.app.sessions === 'redis' || scenario.app.tracker === 'redis';
}
