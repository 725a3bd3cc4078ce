import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import session from 'express-session';
import { SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { RedisTopology } from '../redis/fixtures/redis-topology.js';
import { withTrackerOnRedis } from '../redis/fixtures/tracker-on-redis.js';
import { closedAfterEach } from './closed.js';
import { classify, LAPTOP } from './hostile-app.js';

/**
 * The session-store write-back hook (`keepSignedOut`, run after every save of a stamped session
 * that is not a fresh login) checks whether the tracker ended the session. Regressions of a
 * defect: it used to present the session like a request with no limit and no class, which, for a
 * session the tracker no longer holds (a wipe — FLUSHALL of the tracker's Redis — or `ttl`),
 * registered it as a holder (never pending) without a class. It now registers nothing
 * (`register: false`), leaving the session to its next guarded request.
 */
describe("write-back hook re-registers sessions after a tracker wipe (strategy 'choose', tracker on Redis, resave: true)", () => {
  let redis: RedisTopology;
  beforeAll(async () => {
    redis = await RedisTopology.server();
  });
  afterAll(() => redis?.stop());
  const apps = closedAfterEach();
  const start = async (options: SingleSessionModuleOptions): Promise<RunningApp> => {
    await redis.flushAll();
    return apps.add(await startApp(withTrackerOnRedis(SessionAppModule.with({ strategy: 'choose', recheckInterval: 0, ...options }), redis), { store: new session.MemoryStore(), resave: true }));
  };

  async function holderAndPending(app: RunningApp) {
    const holder = new Browser(app.url, LAPTOP);
    const pending = new Browser(app.url, LAPTOP);
    expect((await signIn(holder, 'alice')).status).toBe(200);
    expect((await holder.get('/me')).status).toBe(200);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    return { holder, pending };
  }

  it('guard: after the wipe, guarded requests re-register the sessions within the class limit (one holds, the other is asked to choose)', async () => {
    const app = await start({ maxSessions: { web: 1, mobile: 1 }, deviceClass: classify });
    const { holder, pending } = await holderAndPending(app);
    await redis.flushAll();
    const statuses = [(await pending.get('/me')).status, (await holder.get('/me')).status];
    expect(statuses.sort()).toEqual([200, 409]);
  });

  it('regression, was broken: with classes { web: 1, mobile: 1 }: a visit of an exempt page re-registers a laptop with NO class, so two laptops hold the web class after the wipe', async () => {
    const app = await start({ maxSessions: { web: 1, mobile: 1 }, deviceClass: classify });
    const { holder, pending } = await holderAndPending(app);
    await redis.flushAll();
    expect((await pending.get('/multi')).status).toBe(200); // exempt page: the save re-registers it (no class)
    const statuses = [(await pending.get('/me')).status, (await holder.get('/me')).status, (await pending.get('/me')).status, (await holder.get('/me')).status];
    const classes = (await app.app.get(SessionTrackerService).list(1)).map((info) => info.deviceClass ?? '(none)');
    // Expected: one laptop holds, the other waits (409): the web limit is 1.
    expect({ statuses: statuses.slice(2).sort(), classes }).toEqual({ statuses: [200, 409], classes: ['web'] });
  });

  it("with a number limit: saves on exempt pages after the wipe register nothing; the first guarded request holds and the other is asked to choose (409), never refused (403)", async () => {
    const app = await start({ maxSessions: 1 });
    const { holder, pending } = await holderAndPending(app);
    await redis.flushAll();
    expect((await holder.get('/multi')).status).toBe(200);
    expect((await pending.get('/multi')).status).toBe(200);
    expect(await app.app.get(SessionTrackerService).list(1)).toEqual([]);
    const replies = [await pending.get('/me'), await holder.get('/me')];
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    expect(replies.find((reply) => reply.status === 409)!.body.code).toBe('SESSION_CHOICE_REQUIRED');
    expect(await app.app.get(SessionTrackerService).list(1)).toHaveLength(1);
  });

  it('guard: choose() after FLUSHALL answers 200 (nothing to do: the tracker no longer knows the session), never 500; then the limit holds again', async () => {
    const app = await start({ maxSessions: 1 });
    const { holder, pending } = await holderAndPending(app);
    await redis.flushAll();
    const handle = app.app.get(SessionTrackerService).handleOf(sessionIdOf(holder));
    const chosen = await pending.post(`/choice/${handle}`);
    expect(chosen.status).toBeLessThan(500);
    const statuses = [(await pending.get('/me')).status, (await holder.get('/me')).status, (await pending.get('/me')).status, (await holder.get('/me')).status];
    expect(statuses.slice(2).filter((status) => status === 200).length).toBeLessThanOrEqual(1);
  });
});
