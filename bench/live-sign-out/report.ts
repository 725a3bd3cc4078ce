import type { TimedRun } from '../http-bench.js';
import type { LiveSignOutResults } from '../live-sign-out-bench.js';
import { fixed, targetRow } from '../report-format.js';
import { SETTINGS } from '../settings.js';
import { median, percentile } from '../statistics.js';

/** The targets of issue 12 (request CPU: "no measurable change", read as no change beyond the rounds' own spread). */
const TARGETS = {
  /** An open page is told within 2 s. */
  noticeP99Ms: 2000,
};

/** The live sign-out section (issue 12) as markdown, with its own targets table. */
export function renderLiveSignOut(results: LiveSignOutResults): string {
  const { memory, withoutWatchers, withWatchers, evictions } = results;
  const watchers = SETTINGS.liveWatchers.toLocaleString('en');
  const bytesPerWatcher = (memory.heapAfter - memory.heapBefore) / memory.watchers;
  const ratios = withWatchers.map((run, i) => run.cpuMicrosPerRequest / withoutWatchers[i]!.cpuMicrosPerRequest);
  const cpuRatio = median(ratios);
  const [lowest, highest] = [Math.min(...ratios), Math.max(...ratios)];
  const sorted = (pick: (timing: LiveSignOutResults['evictions'][number]) => number) => evictions.map(pick).sort((a, b) => a - b);
  const notice = sorted((timing) => timing.notice);
  const login = sorted((timing) => timing.login);
  return [
    '## Live sign-out (issue 12)',
    '',
    `**Idle watchers.** ${watchers} sessions, one account each, registered on the in-memory tracker and each watched by one \`tracker.watch()\` subscription, as the live sign-out route holds one while a page is open (the library's part: the page's HTTP connection and Nest's SSE stream are not counted). Memory is the V8 heap after garbage collection, before and after the watchers, in a fresh process. ${memory.allTold ? 'Revoking every session afterwards told every watcher once and completed it.' : '**Revoking every session afterwards did not tell every watcher.**'}`,
    '',
    `**Request CPU.** The express-session app with the in-memory tracker (configuration (b)), twice: both with the same ${watchers} idle sessions registered, one of them also watching them all. ${SETTINGS.liveRounds} rounds of ${SETTINGS.seconds} s on \`GET /me\`, ${SETTINGS.sessions} signed-in sessions each; in each round both apps run at the same time, each under its own load, on the app core (as the configurations of \"Load\" do); figures are medians over the rounds.`,
    '',
    '| App | req/s | p50 ms | p99 ms | app CPU µs / request |',
    '|---|---:|---:|---:|---:|',
    runRow('no watchers', withoutWatchers),
    runRow(`${watchers} idle watchers`, withWatchers),
    '',
    `App CPU per request, with the watchers over without, per round: median ×${fixed(cpuRatio, 3)} (rounds ×${fixed(lowest, 3)} to ×${fixed(highest, 3)}). A watcher is an entry in one map that only events read; a request does not touch it. The target counts as met when some rounds are cheaper with the watchers and some dearer (the rounds' range includes ×1): no change this machine can measure.`,
    '',
    `**From an evicting login to the notice on another instance.** Two instances of the app (configuration (d): sessions and tracker on Redis). ${SETTINGS.liveEvictions} times, after ${SETTINGS.liveWarmUpEvictions} untimed: an account signs in on instance A and opens its live sign-out stream there (\`GET /session-end\`, server-sent events); then the account signs in on instance B, which evicts the first session. Timed from sending that login: its response, and the \`session-end\` event on A's stream (through Redis pub/sub).`,
    '',
    '| From sending the evicting login on B to | p50 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|',
    `| its response | ${fixed(percentile(login, 0.5), 1)} | ${fixed(percentile(login, 0.99), 1)} | ${fixed(login.at(-1)!, 1)} |`,
    `| the notice on A's open stream | ${fixed(percentile(notice, 0.5), 1)} | ${fixed(percentile(notice, 0.99), 1)} | ${fixed(notice.at(-1)!, 1)} |`,
    '',
    '| Target (issue 12) | Measured | Result |',
    '|---|---|---|',
    `| Memory per idle watcher: little | ${Math.round(bytesPerWatcher)} bytes | – |`,
    targetRow(`Request CPU with ${watchers} idle watchers: no measurable change`, `×${fixed(cpuRatio, 3)} (rounds ×${fixed(lowest, 3)} to ×${fixed(highest, 3)})`, lowest <= 1 && highest >= 1),
    targetRow(`Notice on another instance, p99 < ${TARGETS.noticeP99Ms} ms`, `${fixed(percentile(notice, 0.99), 1)} ms (p50 ${fixed(percentile(notice, 0.5), 1)} ms)`, percentile(notice, 0.99) < TARGETS.noticeP99Ms),
    '',
  ].join('\n');
}

function runRow(label: string, runs: TimedRun[]): string {
  const middle = (pick: (run: TimedRun) => number) => median(runs.map(pick));
  return `| ${label} | ${Math.round(middle((run) => run.load.rps))} | ${fixed(middle((run) => run.load.p50), 2)} | ${fixed(middle((run) => run.load.p99), 2)} | ${Math.round(middle((run) => run.cpuMicrosPerRequest))} |`;
}
