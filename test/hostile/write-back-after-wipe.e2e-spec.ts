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
 * that is not a fresh login) presents the session with `ruleFor(Infinity)` and no device class.
 * For a session the tracker does not hold (a store wipe — FLUSHALL of the tracker's Redis — or a
 * session forgotten after `ttl`), that call REGISTERS it: as a holder (never pending), with no
 * class. A save happens on any request with express-session's `resave: true`, including
 * `@AllowMultiSession()` routes, where the guard does not run first.
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

  it('GUARD (passes): after the wipe, guarded requests re-register the sessions within the class limit (one holds, the other is asked to choose)', async () => {
    const app = await start({ maxSessions: { web: 1, mobile: 1 }, deviceClass: classify });
    const { holder, pending } = await holderAndPending(app);
    await redis.flushAll();
    const statuses = [(await pending.get('/me')).status, (await holder.get('/me')).status];
    expect(statuses.sort()).toEqual([200, 409]);
  });

  it('DEFECT: with classes { web: 1, mobile: 1 }: a visit of an exempt page re-registers a laptop with NO class, so two laptops hold the web class after the wipe', async () => {
    const app = await start({ maxSessions: { web: 1, mobile: 1 }, deviceClass: classify });
    const { holder, pending } = await holderAndPending(app);
    await redis.flushAll();
    expect((await pending.get('/multi')).status).toBe(200); // exempt page: the save re-registers it (no class)
    const statuses = [(await pending.get('/me')).status, (await holder.get('/me')).status, (await pending.get('/me')).status, (await holder.get('/me')).status];
    const classes = (await app.app.get(SessionTrackerService).list(1)).map((info) => info.deviceClass ?? '(none)');
    // Expected: one laptop holds, the other waits (409): the web limit is 1.
    expect({ statuses: statuses.slice(2).sort(), classes }).toEqual({ statuses: [200, 409], classes: ['web'] });
  });

  it("DEFECT: with a number limit: two sessions re-registered by saves both hold (limit 1); the next check refuses one 403 SESSION_LIMIT_REACHED and signs it out, where 'choose' must ask (409)", async () => {
    const app = await start({ maxSessions: 1 });
    const { holder, pending } = await holderAndPending(app);
    await redis.flushAll();
    expect((await holder.get('/multi')).status).toBe(200);
    expect((await pending.get('/multi')).status).toBe(200);
    const holding = (await app.app.get(SessionTrackerService).list(1)).length;
    const reply = await pending.get('/me');
    // Expected: at most 1 holder at any time, and the pending browser is asked to choose (409), not refused.
    expect({ holding, status: reply.status, code: reply.body.code }).toEqual({ holding: 1, status: 409, code: 'SESSION_CHOICE_REQUIRED' });
  });

  it('GUARD (passes): choose() after FLUSHALL answers 200 (nothing to do: the tracker no longer knows the session), never 500; then the limit holds again', async () => {
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
