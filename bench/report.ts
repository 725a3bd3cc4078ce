import { TRACKER_CLIENT_NAME, SESSIONS_CLIENT_NAME } from './app/bench-app-options.js';
import type { AccountSizeResults } from './account-size-bench.js';
import { renderAccountSize } from './account-size/report.js';
import type { LiveSignOutResults } from './live-sign-out-bench.js';
import { renderLiveSignOut } from './live-sign-out/report.js';
import type { ScenarioResults, Run, TimedRun } from './http-bench.js';
import { canPin } from './cpu-pinning.js';
import { CONNECTIONS } from './http-load.js';
import type { Machine } from './machine.js';
import { fixed, machineLine, targetRow } from './report-format.js';
import type { RedisMemory } from './memory-bench.js';
import type { InProcessMemory } from './memory/in-process.js';
import { PUBLISHED, type RoundTrips } from './redis-stats.js';
import { SETTINGS } from './settings.js';
import { costTable, moduleCost, signedMicros, type ModuleCost } from './module-cost.js';
import { median } from './statistics.js';
import type { StoreScaleResults } from './store-scale/store-logins.js';
import { renderStoreScale, storeScaleTargetRow } from './store-scale/report.js';

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  machine: Machine;
  http: ScenarioResults[];
  inProcess: InProcessMemory;
  redisMemory: RedisMemory;
  storeScale: StoreScaleResults;
  accountSize: AccountSizeResults;
  liveSignOut: LiveSignOutResults;
}

/** The targets of issue 14: the most the module may add to the app's CPU time per operation (a ratio). */
const COST_TARGETS = {
  protectedRequest: 1.03,
  login: 1.2,
};

/** The targets of issue 5. */
const TARGETS = {
  protectedRatioMemory: 0.97,
  protectedRatioRedis: 0.95,
  trackerCommandsPerRequest: 0.1,
  loginRoundTrips: 3,
  bytesPerSession: 300,
};

/** The results as a markdown document. */
export function renderReport(results: BenchResults): string {
  const byId = new Map(results.http.map((entry) => [entry.scenario.id, entry]));
  const get = (id: string) => byId.get(id as ScenarioResults['scenario']['id'])!;
  const ratios = {
    protectedBA: pairedRatio(get('b').protectedRuns, get('a').protectedRuns),
    protectedDC: pairedRatio(get('d').protectedRuns, get('c').protectedRuns),
  };
  const costs = {
    protectedBA: moduleCost(get('b').protectedRuns, get('a').protectedRuns),
    protectedDC: moduleCost(get('d').protectedRuns, get('c').protectedRuns),
    protectedRelaxed: moduleCost(get('d-relaxed').protectedRuns, get('c').protectedRuns),
  };
  const loginCosts = loginCostsOf(get);
  const trackerPerRequest = perRequest(get('d').protectedCounted).tracker;
  const loginTrips = moduleLoginTrips(get('c'), get('d'));
  const bytesPerSession = (results.inProcess.heapAfter - results.inProcess.heapBefore) / results.inProcess.users;
  return [
    '# Benchmark results',
    '',
    machineLine(results.machine),
    '',
    `Load: autocannon with ${CONNECTIONS} connections; each configuration runs in its own Node process on loopback; ${canPin ? 'the app under test is pinned to CPU 1, the load generator and redis-server to CPU 0 (taskset)' : 'the load generator, the apps and redis-server share the cores (not pinned: no taskset or one core)'}. Protected route: ${SETTINGS.rounds} rounds of ${SETTINGS.seconds} s per configuration, each request carrying the next of ${SETTINGS.sessions} signed-in sessions in turn. The configurations compared with each other run **at the same time**, each app under its own load, all apps on the app core: those with sessions in memory, (a) (b) and (a-floor), in one run, those with sessions in Redis, (c) (d) (d-strict) (d-relaxed) and (c-floor), in the next, the group going first alternating by round (protected route and logins alike). Whatever else the shared machine does then weighs on a configuration and its baseline alike, in the same seconds; runs one after the other, even back to back, each catch their own share of it, and their ratios swing with it. Sharing the core, each app serves fewer requests per second than it would alone, so req/s and latencies are for comparing within a group, not absolute. Redis counts commands for the whole server, so each Redis configuration runs once more alone, after the rounds, to count its own commands per operation. Figures are medians over the rounds (req/s range in brackets); ratios are medians of the per-round ratios. Reproduce with \`npm ci && npm run bench\` (needs \`redis-server\` on the PATH).`,
    '',
    renderProtected(results.http),
    renderLogin(results.http),
    '## Memory per tracked session',
    '',
    memoryTable(results.inProcess, results.redisMemory),
    '',
    'Each login stores a 32-character express-session id, an IPv4 address and a 101-character user agent (desktop Chrome); user agents are new strings per login, as the HTTP parser makes them. The in-process figure includes everything the module keeps: the cache entries, their LRU bookkeeping and the bounded verdict cache.',
    '',
    renderStoreScale(results.storeScale),
    renderAccountSize(results.accountSize),
    renderLiveSignOut(results.liveSignOut),
    '## Targets (issue 5)',
    '',
    '| Target | Measured | Result |',
    '|---|---|---|',
    targetRow(`(b)/(a) protected req/s ≥ ${TARGETS.protectedRatioMemory}`, `${fixed(ratios.protectedBA, 3)} (app CPU per request ×${fixed(costs.protectedBA.ratio.median, 3)})`, ratios.protectedBA >= TARGETS.protectedRatioMemory),
    targetRow(`(d)/(c) protected req/s ≥ ${TARGETS.protectedRatioRedis}`, `${fixed(ratios.protectedDC, 3)} (app CPU per request ×${fixed(costs.protectedDC.ratio.median, 3)})`, ratios.protectedDC >= TARGETS.protectedRatioRedis),
    targetRow(`Tracker Redis commands per authenticated request, (d) steady state ≤ ${TARGETS.trackerCommandsPerRequest}`, fixed(trackerPerRequest, 4), trackerPerRequest <= TARGETS.trackerCommandsPerRequest),
    targetRow(`Redis round trips the module adds to a login ≤ ${TARGETS.loginRoundTrips}`, `${fixed(loginTrips.first, 1)} first login, ${fixed(loginTrips.evicting, 1)} evicting login`, Math.max(loginTrips.first, loginTrips.evicting) <= TARGETS.loginRoundTrips),
    targetRow(`Bytes per tracked session in process ≤ ${TARGETS.bytesPerSession}`, `${Math.round(bytesPerSession)}`, bytesPerSession <= TARGETS.bytesPerSession),
    '',
    '## Targets (issue 14)',
    '',
    `App CPU time per operation, median of the per-round ratios over ${SETTINGS.rounds} rounds (protected route) and ${SETTINGS.loginRounds} rounds (logins), the configurations compared running at the same time (see "Load"); memory as above; idle watchers in "Live sign-out"; the in-memory store's cost per call by its number of accounts in "In-memory store at scale".`,
    '',
    '| Target | Measured | Result |',
    '|---|---|---|',
    costRow(`Protected request, in memory: module adds ≤ ${percent(COST_TARGETS.protectedRequest)} app CPU`, costs.protectedBA, COST_TARGETS.protectedRequest),
    targetRow(
      `Protected request, Redis: module adds ≤ ${percent(COST_TARGETS.protectedRequest)} app CPU`,
      `×${fixed(costs.protectedDC.ratio.median, 3)} (${signedMicros(costs.protectedDC.deltaMicros.median)} µs); with one store read a minute per session (d-relaxed) ×${fixed(costs.protectedRelaxed.ratio.median, 3)} (${signedMicros(costs.protectedRelaxed.deltaMicros.median)} µs)`,
      costs.protectedDC.ratio.median <= COST_TARGETS.protectedRequest,
    ),
    loginCostRow(`Evicting login, in memory: module adds ≤ ${percent(COST_TARGETS.login)} app CPU`, loginCosts.memory),
    loginCostRow(`Evicting login, Redis: module adds ≤ ${percent(COST_TARGETS.login)} app CPU`, loginCosts.redis),
    targetRow(`Bytes per tracked session in process, ${results.inProcess.users.toLocaleString('en')} accounts, everything included ≤ ${TARGETS.bytesPerSession}`, `${Math.round(bytesPerSession)}`, bytesPerSession <= TARGETS.bytesPerSession),
    storeScaleTargetRow(results.storeScale),
    '',
    ...(pastTheirFloor(loginCosts) ? [FLOOR_NOTE, ''] : []),
  ].join('\n');
}

/** The protected-route section: the load, and the module's cost per request. */
export function renderProtected(http: ScenarioResults[]): string {
  const byId = new Map(http.map((entry) => [entry.scenario.id, entry]));
  const get = (id: string) => byId.get(id as ScenarioResults['scenario']['id'])!;
  const ratio = (id: string, baseline: string) => pairedRatio(get(id).protectedRuns, get(baseline).protectedRuns);
  const cost = (id: string, baseline: string) => moduleCost(get(id).protectedRuns, get(baseline).protectedRuns);
  return [
    '## Protected route (`GET /me`)',
    '',
    loadTable(http.filter((entry) => entry.scenario.protectedRoute).map((entry) => [entry.scenario, entry.protectedRuns, entry.protectedCounted]), 'req/s', 'request'),
    '',
    `Ratios of req/s: (b)/(a) = ${fixed(ratio('b', 'a'), 3)}, (d)/(c) = ${fixed(ratio('d', 'c'), 3)}, (d-strict)/(c) = ${fixed(ratio('d-strict', 'c'), 3)}. App CPU time per request, less sensitive to other load on the machine, each configuration against its baseline in the same round (run at the same time: see "Load" above):`,
    '',
    costTable(
      [
        ['(b) over (a), in memory', cost('b', 'a')],
        ['(d) over (c), Redis', cost('d', 'c')],
        ['(d-strict) over (c), Redis, store read on every request', cost('d-strict', 'c')],
        ['(d-relaxed) over (c), Redis, store read once a minute per session', cost('d-relaxed', 'c')],
      ],
      'request',
      SETTINGS.rounds,
    ),
    '',
    `With the default \`recheckInterval\` (1 s) a session that still holds its account is re-read from the store at most once a second, so the tracker's commands per request come to about sessions ÷ (req/s × 1 s): here ${SETTINGS.sessions} sessions at about ${Math.round(median(get('d').protectedRuns.map((run) => run.load.rps)) / SETTINGS.sessions)} requests per second each. (d-strict) reads the store on every request; (d-relaxed), with a \`recheckInterval\` of 60 s, once a minute per session: the difference between (d) and (d-relaxed) is what the default's store reads (one Redis round trip each) cost at this rate of requests per session.`,
    '',
  ].join('\n');
}

/** The login section: the load, the module's cost per login, the Redis round trips. */
export function renderLogin(http: ScenarioResults[]): string {
  const byId = new Map(http.map((entry) => [entry.scenario.id, entry]));
  const get = (id: string) => byId.get(id as ScenarioResults['scenario']['id'])!;
  const loginTrips = moduleLoginTrips(get('c'), get('d'));
  const loginCosts = loginCostsOf(get);
  return [
    '## Login (`POST /login`)',
    '',
    `${SETTINGS.loginRounds} rounds of ${SETTINGS.loginSeconds} s, cycling through ${SETTINGS.loginAccounts} accounts that were each signed in once before: with the module (maxSessions 1, evict-oldest) every timed login evicts the account's previous session.`,
    '',
    "The floor apps (a-floor, c-floor) have no module; on every login they do by hand the least an evicting login needs from any single-session module: find the account's previous session and keep its end notice, without which an ended session whose signed-out record is lost or overwritten would come back (in memory a map lookup and an entry in a map of ended sessions; on Redis one `EVALSHA` of a two-command script, `SET key sid GET` and an `HSET` of the notice in the account's hash of ended sessions), write it signed out in the session store (one `set` of its cookie and an end notice, as the module writes it), stamp the new session, and on Redis publish the two events (registered, evicted) that the other instances need, in one message, which comes back to the app's own subscribed connection and are dropped unread, as the module's is. No hashing of the session id, no ranking, no idle or expiry bookkeeping (the notices are never dropped), no verdict cache: the floor is what the I/O and the session store cost by themselves; what the module adds above it is its own.",
    '',
    loadTable(http.filter((entry) => entry.scenario.login).map((entry) => [entry.scenario, entry.loginRuns, entry.loginCounted]), 'logins/s', 'login'),
    '',
    `Ratios of logins/s: (b)/(a) = ${fixed(pairedRatio(get('b').loginRuns, get('a').loginRuns), 3)}, (d)/(c) = ${fixed(pairedRatio(get('d').loginRuns, get('c').loginRuns), 3)}. App CPU time per login, each configuration against its baseline in the same round (run at the same time):`,
    '',
    costTable(
      [
        ['(b) over (a), in memory: the module', loginCosts.memory.module],
        ['(a-floor) over (a), in memory: the floor', loginCosts.memory.floor],
        ['(b) over (a-floor), in memory: the module above the floor', loginCosts.memory.aboveFloor],
        ['(d) over (c), Redis: the module', loginCosts.redis.module],
        ['(c-floor) over (c), Redis: the floor', loginCosts.redis.floor],
        ['(d) over (c-floor), Redis: the module above the floor', loginCosts.redis.aboveFloor],
      ],
      'login',
      SETTINGS.loginRounds,
    ),
    '',
    '### Redis round trips per login',
    '',
    `From \`MONITOR\`, ${SETTINGS.tracedLogins} sequential logins each; a \`MULTI … EXEC\` block counts as one round trip.`,
    '',
    roundTripTable(get('c'), get('d')),
    '',
    `The module's share (d − c): ${fixed(loginTrips.first, 1)} on an account's first login, ${fixed(loginTrips.evicting, 1)} on a login that evicts the previous session (the tracker's write and eviction, plus reading and rewriting the evicted session in the session store). Not counted: the module's events for the other instances (issue 12), sent without waiting for a reply: ${fixed(get('d').firstLogin?.get(PUBLISHED) ?? 0, 1)} \`PUBLISH\` on a first login, ${fixed(get('d').evictingLogin?.get(PUBLISHED) ?? 0, 1)} on an evicting login.`,
    '',
  ].join('\n');
}

/** What the module adds to a login, what the floor adds, and the module over the floor (see `LoginFloor`). */
interface LoginCost {
  module: ModuleCost;
  floor: ModuleCost;
  aboveFloor: ModuleCost;
}

/** The login costs in memory ((b), (a-floor) over (a)) and on Redis ((d), (c-floor) over (c)). */
function loginCostsOf(get: (id: string) => ScenarioResults): { memory: LoginCost; redis: LoginCost } {
  const cost = (id: string, floorId: string, baselineId: string): LoginCost => ({
    module: moduleCost(get(id).loginRuns, get(baselineId).loginRuns),
    floor: moduleCost(get(floorId).loginRuns, get(baselineId).loginRuns),
    aboveFloor: moduleCost(get(id).loginRuns, get(floorId).loginRuns),
  });
  return { memory: cost('b', 'a-floor', 'a'), redis: cost('d', 'c-floor', 'c') };
}

/** What a FLOOR in the targets table means. */
const FLOOR_NOTE =
  'FLOOR: the floor app of the same store (see "Login"), doing only the I/O and session-store work that any module must do on an evicting login, already costs more than the target over the app without a module; the row gives the module\'s cost above that floor, which is its own.';

/** Whether some login target reads FLOOR (see `loginCostRow`). */
function pastTheirFloor(costs: { memory: LoginCost; redis: LoginCost }): boolean {
  return [costs.memory, costs.redis].some((cost) => cost.module.ratio.median > COST_TARGETS.login && cost.floor.ratio.median > COST_TARGETS.login);
}

/**
 * The login target's row: PASS within the target; FLOOR when the floor itself is past it (the
 * target cannot be met by any module doing the same I/O), shown with the module's cost above
 * the floor; else MISS.
 */
function loginCostRow(target: string, cost: LoginCost): string {
  const measured = `×${fixed(cost.module.ratio.median, 3)} (${signedMicros(cost.module.deltaMicros.median)} µs)`;
  if (cost.module.ratio.median <= COST_TARGETS.login) return targetRow(target, measured, true);
  const floor = `${measured}; floor ×${fixed(cost.floor.ratio.median, 3)} (${signedMicros(cost.floor.deltaMicros.median)} µs); module over the floor ×${fixed(cost.aboveFloor.ratio.median, 3)} (${signedMicros(cost.aboveFloor.deltaMicros.median)} µs)`;
  return cost.floor.ratio.median <= COST_TARGETS.login ? targetRow(target, floor, false) : `| ${target} | ${floor} | FLOOR |`;
}

/** A target row of issue 14: the module's cost (ratio and µs) against the most it may be. */
function costRow(target: string, cost: ModuleCost, most: number): string {
  return targetRow(target, `×${fixed(cost.ratio.median, 3)} (${signedMicros(cost.deltaMicros.median)} µs)`, cost.ratio.median <= most);
}

/** What a ratio target allows, as a percentage: 1.2 → "20 %". */
function percent(ratio: number): string {
  return `${Math.round((ratio - 1) * 100)} %`;
}

/** The runs of each configuration, and its Redis commands per operation from its run alone (`counted`). */
function loadTable(rows: Array<[ScenarioResults['scenario'], TimedRun[], Run | undefined]>, rateLabel: string, unit: string): string {
  const lines = [
    `| Configuration | ${rateLabel} | p50 ms | p99 ms | app CPU µs / ${unit} | Redis commands / ${unit} | tracker's | connect-redis' |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [scenario, runs, counted] of rows) {
    const rates = runs.map((run) => run.load.rps);
    const commands = perRequest(counted);
    const redis = scenario.app.sessions === 'redis' || scenario.app.tracker === 'redis';
    const cell = (value: number) => (redis ? fixed(value, 3) : '–');
    lines.push(
      `| ${scenario.label} | ${Math.round(median(rates))} (${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}) | ${fixed(median(runs.map((run) => run.load.p50)), 2)} | ${fixed(median(runs.map((run) => run.load.p99)), 2)} | ${Math.round(median(runs.map((run) => run.cpuMicrosPerRequest)))} | ${cell(commands.tracker + commands.sessions + commands.other)} | ${cell(commands.tracker)} | ${cell(commands.sessions)} |`,
    );
  }
  return lines.join('\n');
}

function roundTripTable(c: ScenarioResults, d: ScenarioResults): string {
  const lines = ['| Login | connect-redis | tracker | total |', '|---|---:|---:|---:|'];
  const row = (label: string, trips: RoundTrips | undefined) => {
    const sessions = trips?.get(SESSIONS_CLIENT_NAME) ?? 0;
    const tracker = trips?.get(TRACKER_CLIENT_NAME) ?? 0;
    lines.push(`| ${label} | ${fixed(sessions, 1)} | ${fixed(tracker, 1)} | ${fixed(sessions + tracker, 1)} |`);
  };
  row('(c) first login of an account', c.firstLogin);
  row('(c) next login of the account', c.evictingLogin);
  row('(d) first login of an account', d.firstLogin);
  row('(d) next login, evicting the first session', d.evictingLogin);
  return lines.join('\n');
}

/** The memory section alone (`npm run bench -- --only memory`). */
export function renderMemory(inProcess: InProcessMemory, redis: RedisMemory): string {
  return ['## Memory per tracked session', '', memoryTable(inProcess, redis), ''].join('\n');
}

function memoryTable(inProcess: InProcessMemory, redis: RedisMemory): string {
  const mb = (bytes: number) => `${fixed(bytes / 2 ** 20, 1)} MB`;
  const perSession = (delta: number, users: number) => `${Math.round(delta / users)}`;
  return [
    '| Store | Accounts (one session each) | Before | After | Bytes per session |',
    '|---|---:|---:|---:|---:|',
    `| In process (default in-memory store), V8 heap used | ${inProcess.users.toLocaleString('en')} | ${mb(inProcess.heapBefore)} | ${mb(inProcess.heapAfter)} | ${perSession(inProcess.heapAfter - inProcess.heapBefore, inProcess.users)} |`,
    `| In process, resident set size | ${inProcess.users.toLocaleString('en')} | ${mb(inProcess.rssBefore)} | ${mb(inProcess.rssAfter)} | ${perSession(inProcess.rssAfter - inProcess.rssBefore, inProcess.users)} |`,
    `| Redis, \`used_memory\` growth | ${redis.users.toLocaleString('en')} | | +${mb(redis.usedMemoryDelta)} | ${perSession(redis.usedMemoryDelta, redis.users)} |`,
    `| Redis, \`MEMORY USAGE\` (mean of ${redis.sampledKeys} accounts, three keys each) | | | | ${Math.round(redis.meanKeyUsage)} |`,
    '',
    `Logins per second while measuring: ${Math.round(inProcess.loginsPerSecond)} in process, ${Math.round(redis.loginsPerSecond)} against Redis (32 logins in flight in both). ${inProcess.allTracked ? 'The first and the last account were both still tracked at the end.' : '**The first or the last account was no longer tracked at the end.**'}`,
  ].join('\n');
}

/** Tracker, connect-redis and other Redis commands per successful request of a run alone (none without one). */
function perRequest(run: Run | undefined): { tracker: number; sessions: number; other: number } {
  if (!run) return { tracker: 0, sessions: 0, other: 0 };
  const { commands, load } = run;
  return { tracker: commands.tracker / load.ok, sessions: commands.sessions / load.ok, other: commands.other / load.ok };
}

/** Round trips the module adds to a login: (d)'s total minus (c)'s, on a first and on an evicting login. */
function moduleLoginTrips(c: ScenarioResults, d: ScenarioResults): { first: number; evicting: number } {
  const total = (trips: RoundTrips | undefined) => (trips?.get(SESSIONS_CLIENT_NAME) ?? 0) + (trips?.get(TRACKER_CLIENT_NAME) ?? 0);
  return { first: total(d.firstLogin) - total(c.firstLogin), evicting: total(d.evictingLogin) - total(c.evictingLogin) };
}

function pairedRatio(runs: TimedRun[], baseline: TimedRun[]): number {
  return median(runs.map((run, i) => run.load.rps / baseline[i]!.load.rps));
}
