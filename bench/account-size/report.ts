import { JWT_APP_STORE_TIMEOUT, SESSIONS_CLIENT_NAME, TRACKER_CLIENT_NAME } from '../app/bench-app-options.js';
import type { AccountSizeResults, OperationCost, SizeResults } from '../account-size-bench.js';
import { fixed, targetRow } from '../report-format.js';
import { SETTINGS } from '../settings.js';
import { percentile } from '../statistics.js';

/** The targets of issue 9. */
const TARGETS = {
  /** Cost of an operation on the largest account over the same on a 1-session account. */
  sizeRatio: 1.5,
  firstLoginTrips: 1,
  evictingLoginTrips: 2,
};

/** How many times the larger account's figure is the smaller's. */
interface Ratios {
  p50: number;
  p99: number;
  cpuMicros: number;
  commands: number;
  bytes: number;
}

/** Per-operation figures of one kind of operation. */
interface PerOperation {
  p50: number;
  p99: number;
  cpuMicros: number;
  commands: number;
  bytesIn: number;
  bytesOut: number;
}

/** The account-size section (issue 9) as markdown, with its own targets table. */
export function renderAccountSize(results: AccountSizeResults): string {
  const smallest = results.sizes[0]!;
  const largest = results.sizes.at(-1)!;
  const sizeLabel = (size: SizeResults) => size.accounts.sessions.toLocaleString('en');
  const ratios = {
    login: ratiosOf(perOperation(largest.login), perOperation(smallest.login)),
    request: ratiosOf(perOperation(largest.request), perOperation(smallest.request)),
  };
  const within = (ratio: Ratios) => Math.max(ratio.p50, ratio.commands, ratio.bytes) <= TARGETS.sizeRatio;
  const trips = results.roundTrips;
  const tripsText = (jwt: number, sessions: number) => `${fixed(jwt, 1)} JWT, ${fixed(sessions, 1)} express-session`;
  const ratioText = (ratio: Ratios) => `p50 ×${fixed(ratio.p50, 2)}, commands ×${fixed(ratio.commands, 2)}, bytes ×${fixed(ratio.bytes, 2)}`;
  return [
    '## Account size (issue 9)',
    '',
    `A JWT app wired as the README's JWT recipe: a passport-local login that calls \`tracker.register()\` and signs a token, passport-jwt on \`GET /me\`; \`SingleSessionModule.forRoot({ maxSessions: Infinity, recheckInterval: 0 })\`, so every protected request reads the store (and \`storeTimeout\` ${JWT_APP_STORE_TIMEOUT / 1000} s with \`onStoreError: 'deny'\`, so that no operation is cut short or let through unchecked); the tracker on Redis through the app's \`CacheModule\` with a \`@keyv/redis\` store. Before the rounds every account was signed in, through the login route, as many times as it has live sessions. ${SETTINGS.accountRounds} rounds, account sizes interleaved; in each, per size, ${SETTINGS.accountLogins} logins and ${SETTINGS.accountRequests} protected requests, sent one at a time on one connection, so a latency is the app's service time with no queueing. Percentiles are over every operation of every round.`,
    '',
    `Logins go to accounts of the size, each account taking at most ${Math.round(SETTINGS.accountGrowth * 100)} % more sessions (at least one login): ${results.sizes.map((size) => `${sizeLabel(size)} → ${(size.accounts.sessions + size.accounts.loginsPerAccount).toLocaleString('en')}`).join(', ')} at most. The requests carry a token of one account of exactly that size. Redis commands are \`INFO commandstats\` calls; bytes are \`total_net_input_bytes\` (to Redis) and \`total_net_output_bytes\` (from Redis) of \`INFO stats\`; both are differences over each timed block, less the bench's own \`INFO\` request and reply, divided by the operations. The app is Redis' only other client.`,
    '',
    '| Live sessions on the account | Operation | p50 ms | p99 ms | app CPU µs / op | Redis commands / op | bytes to Redis / op | bytes from Redis / op |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...results.sizes.flatMap((size) => [
      costRow(sizeLabel(size), 'login', perOperation(size.login)),
      costRow(sizeLabel(size), 'protected request', perOperation(size.request)),
    ]),
    '',
    `${sizeLabel(largest)}-session account over ${sizeLabel(smallest)}-session account:`,
    '',
    '| Operation | p50 | p99 | app CPU | Redis commands | bytes (both ways) |',
    '|---|---:|---:|---:|---:|---:|',
    ratioRow('login', ratios.login),
    ratioRow('protected request', ratios.request),
    '',
    '### Redis round trips a login adds',
    '',
    `Apps with \`maxSessions: 1\`, watched with \`MONITOR\`: ${SETTINGS.tracedLogins} first logins of new accounts one after another, then a second login of each, which evicts the first session. Counted are the calls on the apps' named Redis connections (\`CLIENT SETNAME\`): the tracker's \`@keyv/redis\` client (\`${TRACKER_CLIENT_NAME}\`) and, in the express-session app, connect-redis' client (\`${SESSIONS_CLIENT_NAME}\`); a command on its own counts one, a whole \`MULTI … EXEC\` block one. Commands a client pipelined in one write without waiting for replies would count one each, so the figures are an upper bound on round trips in sequence. \`PUBLISH\` calls — the module's events for the other instances (issue 12), sent without waiting for a reply — are counted apart, in the last two rows. The JWT app has no other Redis client, so the tracker's calls are what the module adds; for the express-session app (the bench app of the sections above: passport-local, server sessions in connect-redis), the calls of the same app without the module are subtracted: signing the evicted session out in the session store is the module's doing.`,
    '',
    '| Login | JWT app | express-session app |',
    '|---|---:|---:|',
    `| first login of an account | ${fixed(trips.jwt.first, 1)} | ${fixed(trips.sessions.first, 1)} |`,
    `| second login, evicting the first session | ${fixed(trips.jwt.evicting, 1)} | ${fixed(trips.sessions.evicting, 1)} |`,
    `| \`PUBLISH\` of a first login (not awaited) | ${fixed(trips.published.jwt.first, 1)} | ${fixed(trips.published.sessions.first, 1)} |`,
    `| \`PUBLISH\` of an evicting login (not awaited) | ${fixed(trips.published.jwt.evicting, 1)} | ${fixed(trips.published.sessions.evicting, 1)} |`,
    '',
    '### Targets (issue 9)',
    '',
    '| Target | Measured | Result |',
    '|---|---|---|',
    targetRow(`Login on a ${sizeLabel(largest)}-session account ≤ ${TARGETS.sizeRatio}× a ${sizeLabel(smallest)}-session account (p50, commands, bytes)`, ratioText(ratios.login), within(ratios.login)),
    targetRow(`Protected request (\`recheckInterval: 0\`), same`, ratioText(ratios.request), within(ratios.request)),
    targetRow(`Redis round trips a first login adds ≤ ${TARGETS.firstLoginTrips}`, tripsText(trips.jwt.first, trips.sessions.first), Math.max(trips.jwt.first, trips.sessions.first) <= TARGETS.firstLoginTrips),
    targetRow(`Redis round trips an evicting login adds ≤ ${TARGETS.evictingLoginTrips}`, tripsText(trips.jwt.evicting, trips.sessions.evicting), Math.max(trips.jwt.evicting, trips.sessions.evicting) <= TARGETS.evictingLoginTrips),
    '',
  ].join('\n');
}

function perOperation(cost: OperationCost): PerOperation {
  const count = cost.latencies.length;
  const sorted = [...cost.latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    cpuMicros: cost.cpuMicros / count,
    commands: cost.traffic.commands / count,
    bytesIn: cost.traffic.bytesIn / count,
    bytesOut: cost.traffic.bytesOut / count,
  };
}

/** Each figure of `large` over the same of `small`; bytes both ways together. */
function ratiosOf(large: PerOperation, small: PerOperation): Ratios {
  return {
    p50: large.p50 / small.p50,
    p99: large.p99 / small.p99,
    cpuMicros: large.cpuMicros / small.cpuMicros,
    commands: large.commands / small.commands,
    bytes: (large.bytesIn + large.bytesOut) / (small.bytesIn + small.bytesOut),
  };
}

function costRow(sessions: string, operation: string, cost: PerOperation): string {
  return `| ${sessions} | ${operation} | ${fixed(cost.p50, 2)} | ${fixed(cost.p99, 2)} | ${Math.round(cost.cpuMicros)} | ${fixed(cost.commands, 2)} | ${Math.round(cost.bytesIn).toLocaleString('en')} | ${Math.round(cost.bytesOut).toLocaleString('en')} |`;
}

function ratioRow(operation: string, ratio: Ratios): string {
  const cell = (value: number) => `×${fixed(value, 2)}`;
  return `| ${operation} | ${cell(ratio.p50)} | ${cell(ratio.p99)} | ${cell(ratio.cpuMicros)} | ${cell(ratio.commands)} | ${cell(ratio.bytes)} |`;
}
