import { fixed, targetRow } from '../report-format.js';
import { SETTINGS } from '../settings.js';
import { median, spread, type Spread } from '../statistics.js';
import type { StoreScaleResults } from './store-logins.js';

/**
 * The target of issue 14 for the in-memory store: the most a call on the largest store may cost,
 * over one on the smallest. Not ×1: a call does the same work at any size, but 100 times the
 * accounts spread over 100 times the memory, more of it outside the processor's caches.
 */
const TARGET_RATIO = 2;

/** The in-memory store at scale (issue 14) as markdown, with its own targets table. */
export function renderStoreScale(results: StoreScaleResults): string {
  const { smallest, largest } = ends(results);
  const ratio = scaleRatio(results);
  return [
    '## In-memory store at scale (issue 14)',
    '',
    `The module's default in-memory store (\`MemorySessionStorage\`, \`memoryLimit\` 1,000,000, \`ttl\` 24 h) on its own, in one process: no Nest, no HTTP. One store per size, ${results.sizes.map(accounts).join(' and ')} accounts; every account signs in once, then the accounts of each store sign in again in turn, each login (\`maxSessions: 1\`, evict-oldest; a new session, an IPv4 address and a 101-character user agent as new strings) evicting the account's previous session and moving the account to the back of the store's least-recently-used order. Untimed first: one lap of ${accounts(largest)} logins per store, so that every account has moved round at least once. Then ${SETTINGS.storeRounds} rounds of ${accounts(SETTINGS.storeLogins)} logins per store, stores interleaved, each store's block timed with the process's CPU time (user + system).`,
    '',
    "Why: on every call the store looks at its least recently used account, to drop it if it has expired. A JavaScript `Map` keeps the slot of a deleted entry until it rebuilds its table, and a new iteration starts from the first slot: with accounts moving to the back on every login (delete, then set), reading the front with a new iteration each time steps over every slot vacated since the last rebuild — work that grows with the number of accounts, unseen while the accounts are few (×6 and rising at 100,000 accounts before the store read its front with one long-lived iterator). A call should do the same work at any size; what it still costs more in a larger store is reading accounts spread over more memory, more of it outside the processor's caches, hence a target of ×2 rather than ×1.",
    '',
    `| Accounts in the store | CPU µs / call: median (min–max over ${SETTINGS.storeRounds} rounds) |`,
    '|---:|---:|',
    ...results.sizes.map((size, i) => {
      const { median, min, max } = spread(results.microsPerCall[i]!);
      return `| ${accounts(size)} | ${fixed(median, 2)} (${fixed(min, 2)}–${fixed(max, 2)}) |`;
    }),
    '',
    `CPU per call, ${accounts(largest)} accounts over ${accounts(smallest)}, per round: median ×${fixed(ratio.median, 3)} (rounds ×${fixed(ratio.min, 3)} to ×${fixed(ratio.max, 3)}).`,
    '',
    '| Target (issue 14) | Measured | Result |',
    '|---|---|---|',
    storeScaleTargetRow(results),
    '',
  ].join('\n');
}

/** The row of the targets table of issue 14: a call on the largest store against one on the smallest. */
export function storeScaleTargetRow(results: StoreScaleResults): string {
  const { smallest, largest } = ends(results);
  const ratio = scaleRatio(results);
  const perCall = (i: number) => `${fixed(median(results.microsPerCall[i]!), 2)} µs`;
  return targetRow(
    `In-memory store: a call at ${accounts(largest)} accounts costs ≤ ${TARGET_RATIO}× a call at ${accounts(smallest)}`,
    `×${fixed(ratio.median, 3)} (${perCall(results.sizes.length - 1)} and ${perCall(0)} per call)`,
    ratio.median <= TARGET_RATIO,
  );
}

/** The smallest and the largest store's number of accounts. */
function ends(results: StoreScaleResults): { smallest: number; largest: number } {
  return { smallest: results.sizes[0]!, largest: results.sizes.at(-1)! };
}

/** CPU per call of the largest store over the smallest, round by round. */
function scaleRatio(results: StoreScaleResults): Spread {
  const small = results.microsPerCall[0]!;
  return spread(results.microsPerCall.at(-1)!.map((micros, round) => micros / small[round]!));
}

function accounts(count: number): string {
  return count.toLocaleString('en');
}
