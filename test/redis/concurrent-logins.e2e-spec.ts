import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionTrackerService, type SingleSessionStrategy } from 'nestjs-single-session';
import { Browser, type Reply } from '../support/browser.js';
import { rankingErrors } from '../session-app/login-order.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { LoginTimes } from './fixtures/login-times.js';
import { startSessionInstances } from './fixtures/redis-session-app.js';
import { PAST_RECHECK } from './fixtures/recheck.js';
import { TOPOLOGIES, type RedisTopology } from './fixtures/redis-topology.js';

const LOGINS = 100;
/**
 * Both apps and all 100 clients share one event loop on a 2-core machine here, so a Redis reply
 * can wait behind hundreds of requests for longer than the default 500 ms `storeTimeout`, and
 * `onStoreError: 'allow'` would then let that request through unchecked. This test is about the
 * order of racing logins, not timeouts (the outage test covers those), so it waits longer.
 */
const STORE_TIMEOUT = 5000;

/** Every combination of strategy and limit, with the default recheckInterval (waited out) and strict. */
const CASES = (['evict-oldest', 'reject-new'] as SingleSessionStrategy[]).flatMap((strategy) =>
  [1, 3].flatMap((maxSessions) => [
    { strategy, maxSessions, recheckInterval: undefined, mode: 'default recheckInterval' },
    { strategy, maxSessions, recheckInterval: 0, mode: 'strict' },
  ]),
);

/** Status counts, for readable failures. */
function tally(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const reply of replies) counts[reply.status] = (counts[reply.status] ?? 0) + 1;
  return counts;
}

/**
 * The winners are computed from every login, refused ones included: the login time of each
 * session is read off the wire (Redis MONITOR) as the tracker wrote it, so the expectation does
 * not depend on which logins the library let in (on a cluster, MONITOR runs on every master).
 */
describe.each(TOPOLOGIES)('100 simultaneous logins of one account over two instances sharing %s', (_name, start) => {
  let redis: RedisTopology;
  beforeAll(async () => {
    redis = await start();
  });
  afterAll(() => redis?.stop());
  beforeEach(() => redis.flushAll());

  it.each(CASES)('$strategy, maxSessions $maxSessions, $mode: after two more requests each, exactly the right sessions work', async ({ strategy, maxSessions, recheckInterval }) => {
    const instances = await startSessionInstances(redis, { strategy, maxSessions, recheckInterval, storeTimeout: STORE_TIMEOUT });
    const times = await LoginTimes.watch(redis.nodes);
    try {
      const [a, b] = instances.urls;
      const browsers = Array.from({ length: LOGINS }, (_, i) => new Browser(i % 2 ? b : a, `device ${i}`));
      const logins = await Promise.all(browsers.map((browser) => signIn(browser, 'alice')));
      expect(tally(logins)).not.toHaveProperty('500');
      for (const login of logins) expect([200, strategy === 'evict-oldest' ? 401 : 403]).toContain(login.status);

      const tracker = instances.apps[0].app.get(SessionTrackerService);
      const handles = browsers.map((browser) => tracker.handleOf(sessionIdOf(browser)));
      const loginAt = await times.byHandle();
      expect(handles.filter((handle) => !loginAt.has(handle))).toEqual([]);
      const sessions = handles.map((handle) => ({ handle, loginAt: loginAt.get(handle)! }));

      if (recheckInterval === undefined) await sleep(PAST_RECHECK);
      const round = (instance: (i: number) => string) => Promise.all(browsers.map((browser, i) => browser.via(instance(i)).get('/me')));
      const first = await round((i) => (i % 2 ? a : b));
      const second = await round((i) => (i % 2 ? b : a));
      const third = await round((i) => (i % 2 ? a : b));

      for (const replies of [first, second, third]) {
        expect(tally(replies)).not.toHaveProperty('500');
        for (const reply of replies) expect([200, 401, 403]).toContain(reply.status);
      }
      const working = (replies: Reply[]) => handles.filter((_, i) => replies[i].status === 200).sort();
      expect(tally(second)[200]).toBe(maxSessions);
      expect(rankingErrors(working(second), sessions, maxSessions, strategy)).toEqual([]);
      expect(working(third)).toEqual(working(second));
    } finally {
      times.stop();
      await instances.close();
    }
  });
});
