import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from 'express-session';
import { lastValueFrom, timeout, toArray } from 'rxjs';
import { SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { LogCapture } from '../support/log-capture.js';
import type { RunningApp } from '../support/start-app.js';
import { recordEvents } from '../session-app/events.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import type { Instances } from './fixtures/instances.js';
import { PAST_RECHECK } from './fixtures/recheck.js';
import { startSessionInstances } from './fixtures/redis-session-app.js';
import { TOPOLOGIES, type RedisTopology } from './fixtures/redis-topology.js';

/** The channel of the apps' events (the default `keyPrefix`). */
const CHANNEL = 'single-session:events';
/** How long (ms) a notice or an event may take to reach the other instance. */
const WITHIN = 2000;

/** How an instance reaches Redis: its module options, given a fresh client of the topology each time. */
const CLIENTS: Array<[name: string, options: (redis: RedisTopology, clients: Closable[]) => SingleSessionModuleOptions]> = [
  ["node-redis, the app's @keyv/redis cache store", () => ({})],
  ['ioredis, given as the storage option', (redis, clients) => ({ storage: track(clients, redis.ioredis()) })],
];

interface Closable {
  disconnect(): void;
}

function track<T extends Closable>(clients: Closable[], client: T): T {
  clients.push(client);
  return client;
}

/** The tracker of an instance. */
const trackerOf = (app: RunningApp) => app.app.get(SessionTrackerService);

/**
 * Two instances sharing Redis (one server, or a 3-master cluster; node-redis or ioredis): every
 * instance's `events$` carries every event of both, once, and `watch()` on one instance hears of
 * a session ended on the other.
 */
describe.each(TOPOLOGIES)('live sign-out across two instances sharing %s', (_name, start) => {
  let redis: RedisTopology;
  beforeAll(async () => {
    redis = await start();
  });
  afterAll(() => redis?.stop());

  describe.each(CLIENTS)('%s', (_client, optionsFor) => {
    let instances: Instances;
    const clients: Closable[] = [];
    beforeAll(async () => {
      instances = await startSessionInstances(redis, () => optionsFor(redis, clients));
      // An instance subscribes in the background (it does not wait for Redis to start): events
      // published before both subscriptions exist would miss one of them.
      await until(async () => (await redis.subscribers(CHANNEL)) === instances.apps.length, 10_000);
    });
    afterAll(async () => {
      await instances?.close();
      for (const client of clients) client.disconnect();
    });
    beforeEach(() => redis.flushAll());

    it('every instance sees every event of both once, marked with the instance that decided it, and no session id', async () => {
      const [a, b] = instances.apps as [RunningApp, RunningApp];
      const onA = recordEvents(a);
      const onB = recordEvents(b);
      const older = new Browser(a.url);
      const newer = new Browser(b.url, 'Chrome on Windows');
      const leaving = new Browser(b.url);
      const olderLogin = (await signIn(older, 'alice')).body;
      const newerLogin = (await signIn(newer, 'alice')).body;
      await trackerOf(a).revoke(1, newerLogin.handle);
      const leavingLogin = (await signIn(leaving, 'bob')).body;
      expect((await leaving.post('/logout')).status).toBe(200);

      const [idA, idB] = [trackerOf(a).instanceId, trackerOf(b).instanceId];
      expect(idA).not.toBe(idB);
      const expected = [
        `registered ${olderLogin.handle} from ${idA}`,
        `registered ${newerLogin.handle} from ${idB}`,
        `evicted ${olderLogin.handle} from ${idB}`,
        `revoked ${newerLogin.handle} from ${idA}`,
        `registered ${leavingLogin.handle} from ${idB}`,
        `logged-out ${leavingLogin.handle} from ${idB}`,
      ].sort();
      await until(() => onA.length >= expected.length && onB.length >= expected.length);
      await sleep(300); // time for any duplicate to arrive
      for (const seen of [onA, onB]) {
        expect(seen.map(({ type, handle, instanceId }) => `${type} ${handle} from ${instanceId}`).sort()).toEqual(expected);
        expect(seen.find((event) => event.type === 'evicted')!.notice).toEqual({ reason: 'newer-login', endedAt: expect.any(Number), by: { loginAt: newerLogin.loginAt, userAgent: 'Chrome on Windows' } });
        const text = JSON.stringify(seen);
        for (const browser of [older, newer, leaving]) expect(text).not.toContain(sessionIdOf(browser));
      }
    });

    it('keeps one subscription per instance, however many listen and watch', async () => {
      const [a, b] = instances.apps as [RunningApp, RunningApp];
      const browser = new Browser(a.url);
      await signIn(browser, 'family');
      const subscriptions = [a, b].flatMap((app) => [
        ...Array.from({ length: 5 }, () => trackerOf(app).events$.subscribe(() => undefined)),
        ...Array.from({ length: 5 }, () => trackerOf(app).watch(3, sessionIdOf(browser)).subscribe()),
      ]);
      try {
        expect(await redis.subscribers(CHANNEL)).toBe(2);
      } finally {
        for (const subscription of subscriptions) subscription.unsubscribe();
      }
    });

    it.each([
      { how: 'a newer login on B evicts it', reason: 'newer-login', end: (_session: Browser, b: RunningApp) => signIn(new Browser(b.url, 'Chrome on Windows'), 'alice') },
      { how: 'B revokes it', reason: 'revoked', end: (session: Browser, b: RunningApp) => trackerOf(b).revoke(1, trackerOf(b).handleOf(sessionIdOf(session))) },
      { how: 'the same browser logs out on B', reason: 'logout', end: (session: Browser, b: RunningApp) => session.via(b.url).post('/logout') },
    ])('a session watched on A is told, once, when $how', async ({ reason, end }) => {
      const [a, b] = instances.apps as [RunningApp, RunningApp];
      const session = new Browser(a.url);
      await signIn(session, 'alice');
      const notices = lastValueFrom(trackerOf(a).watch(1, sessionIdOf(session)).pipe(toArray(), timeout(WITHIN + 1000)));
      await sleep(50);
      const ended = Date.now();
      await end(session, b);
      expect(await notices).toEqual([expect.objectContaining({ reason, endedAt: expect.any(Number) })]);
      expect(Date.now() - ended).toBeLessThan(WITHIN);
    });

    it('a session ended before it is watched is told at once; an unsubscribed watcher is never told', async () => {
      const [a, b] = instances.apps as [RunningApp, RunningApp];
      const onA = recordEvents(a);
      const session = new Browser(a.url);
      await signIn(session, 'alice');
      const told: unknown[] = [];
      trackerOf(a).watch(1, sessionIdOf(session)).subscribe((notice) => told.push(notice)).unsubscribe();
      await signIn(new Browser(b.url, 'Chrome on Windows'), 'alice');
      await until(() => onA.some((event) => event.type === 'evicted'));

      const late = await lastValueFrom(trackerOf(a).watch(1, sessionIdOf(session)).pipe(toArray(), timeout(WITHIN)));
      expect(late).toEqual([{ reason: 'newer-login', endedAt: expect.any(Number), by: { loginAt: expect.any(Number), userAgent: 'Chrome on Windows' } }]);
      expect(told).toEqual([]);
    });

    it('drops a message on the channel that is not an event, and goes on', async () => {
      const [a, b] = instances.apps as [RunningApp, RunningApp];
      const onA = recordEvents(a);
      await redis.publish(CHANNEL, 'not an event');
      await redis.publish(CHANNEL, JSON.stringify({ type: 'evicted', userId: 1 }));
      await redis.publish(CHANNEL, '[]');
      // One well-formed event beside one that is not: the whole message is dropped, nothing half-read.
      await redis.publish(CHANNEL, JSON.stringify([{ instanceId: 'other', type: 'revoked', userId: '2', handle: 'h', reason: 'revoked', at: 1 }, { type: 'evicted' }]));
      await signIn(new Browser(b.url), 'bob');
      await until(() => onA.length === 1);
      expect(onA[0]).toMatchObject({ type: 'registered', userId: '2', instanceId: trackerOf(b).instanceId });
      expect(LogCapture.current().logged(/not a session event/)).toBe(true);
    });
  });

  describe("strategy 'choose'", () => {
    let instances: Instances;
    beforeAll(async () => {
      instances = await startSessionInstances(redis, { strategy: 'choose' });
      await until(async () => (await redis.subscribers(CHANNEL)) === instances.apps.length, 10_000);
    });
    afterAll(() => instances?.close());
    beforeEach(() => redis.flushAll());

    it("regression, was broken: a login waiting for a choice reaches the other instance as 'pending' (it was dropped there as \"not a session event\")", async () => {
      const [a, b] = instances.apps as [RunningApp, RunningApp];
      const onA = recordEvents(a);
      const logged = LogCapture.current().lines.length;
      const first = (await signIn(new Browser(a.url), 'alice')).body;
      const waiting = new Browser(b.url, 'Chrome on Windows');
      expect((await signIn(waiting, 'alice')).status).toBe(409);
      await until(() => onA.length >= 2);
      await sleep(300); // time for any duplicate to arrive
      const [idA, idB] = [trackerOf(a).instanceId, trackerOf(b).instanceId];
      expect(onA.map(({ type, handle, instanceId }) => `${type} ${handle} from ${instanceId}`)).toEqual([
        `registered ${first.handle} from ${idA}`,
        `pending ${trackerOf(b).handleOf(sessionIdOf(waiting))} from ${idB}`,
      ]);
      expect(LogCapture.current().lines.slice(logged)).toEqual([]);
    });
  });

  describe('the store wiped while a page watches (sessions kept outside Redis)', () => {
    let instances: Instances;
    beforeAll(async () => {
      instances = await startSessionInstances(redis, {}, { sessionStore: new MemoryStore() });
    });
    afterAll(() => instances?.close());
    beforeEach(() => redis.flushAll());

    it('a stream opened after the wipe is not told anything false, and the session keeps its own login time: a newer login still wins', async () => {
      const [a, b] = instances.urls as [string, string];
      const older = new Browser(a);
      const newer = new Browser(b, 'Chrome on Windows');
      await signIn(older, 'alice');
      await redis.flushAll();
      await signIn(newer, 'alice');

      const stream = await older.eventStream('/session-end');
      await sleep(300);
      expect(await stream.first(1).catch(() => 'nothing yet')).toBe('nothing yet');
      await sleep(PAST_RECHECK);
      expect((await newer.get('/me')).status).toBe(200);
      expect((await stream.first(WITHIN)).data).toMatchObject({ reason: 'newer-login', by: { userAgent: 'Chrome on Windows' } });
      expect((await older.get('/me')).status).toBe(401);
    });

    it('a stream opened before the wipe is told when the session, back after the wipe, loses its place', async () => {
      const [a, b] = instances.urls as [string, string];
      const older = new Browser(a);
      await signIn(older, 'alice');
      const stream = await older.eventStream('/session-end');
      await redis.flushAll();
      await signIn(new Browser(b, 'Chrome on Windows'), 'alice');
      await sleep(PAST_RECHECK);

      expect((await older.via(b).get('/me')).status).toBe(401);
      expect((await stream.first(WITHIN)).data).toMatchObject({ reason: 'newer-login', by: { userAgent: 'Chrome on Windows' } });
    });
  });
});

/** Resolves once `condition` holds, checking every 10 ms for at most `WITHIN` ms. */
async function until(condition: () => boolean | Promise<boolean>, within = WITHIN): Promise<void> {
  for (const deadline = Date.now() + within; !(await condition()); await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`the condition did not come true within ${within} ms`);
  }
}
