import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import session from 'express-session';
import { SessionTrackerService, type SessionEvent, type SingleSessionModuleOptions, type SingleSessionStrategy } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { RedisTopology } from '../redis/fixtures/redis-topology.js';
import { withTrackerOnRedis } from '../redis/fixtures/tracker-on-redis.js';
import { closedAfterEach } from './closed.js';

const CHOICE_TIMEOUT = 800;

/** Every session in an express-session MemoryStore still signed in (passport user kept). */
function signedInSessions(store: session.MemoryStore): Promise<number> {
  return new Promise((resolve, reject) =>
    store.all((error, sessions) => (error ? reject(error) : resolve(Object.values(sessions ?? {}).filter((data: any) => data?.passport?.user !== undefined).length))),
  );
}

describe.each(['evict-oldest', 'reject-new', 'choose'] as SingleSessionStrategy[])('dryRun under %s (tracker in memory)', (strategy) => {
  const apps = closedAfterEach();

  it('guard: 4 browsers, a timeout, a logout and logins again: never a 401/403/409, no session signed out in the session store, every decision event marked dryRun', async () => {
    const store = new session.MemoryStore();
    const app = apps.add(await startApp(SessionAppModule.with({ strategy, dryRun: true, choiceTimeout: CHOICE_TIMEOUT, recheckInterval: 0 }), { store }));
    const events: SessionEvent[] = [];
    app.app.get(SessionTrackerService).events$.subscribe((event) => events.push(event));
    const browsers = [0, 1, 2, 3].map((i) => new Browser(app.url, `device-${i}`));
    for (const browser of browsers) expect((await signIn(browser, 'alice')).status).toBe(200);
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const browser of browsers) statuses.push((await browser.get('/me')).status, (await browser.post('/choice/whatever')).status);
      await sleep(CHOICE_TIMEOUT / 2 + 50);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await signedInSessions(store)).toBe(4);
    expect(events.length).toBeGreaterThan(0);
    // Decisions are marked dryRun; registrations are real (the store tracks every session in a dry run).
    expect(events.filter((event) => event.dryRun !== true && event.type !== 'registered')).toEqual([]);
    expect(events.some((event) => event.dryRun === true)).toBe(true);
  });
});

/**
 * "Turn it off and the limit applies from the next request on." Regressions of a defect: the dry
 * run used to write its decisions into the tracker's store (end notices), so that after a restart
 * without dryRun a session was refused for a dry-run decision even when the account, as it is
 * now, had room for it. A dry run now ranks nothing in the store.
 */
describe('dryRun, then the same Redis without dryRun (restart)', () => {
  let redis: RedisTopology;
  beforeAll(async () => {
    redis = await RedisTopology.server();
  });
  afterAll(() => redis?.stop());
  const apps = closedAfterEach();
  const start = async (options: SingleSessionModuleOptions, store: session.Store): Promise<RunningApp> =>
    apps.add(await startApp(withTrackerOnRedis(SessionAppModule.with({ recheckInterval: 0, ...options }), redis), { store }));

  it('guard: a pending login of the dry run that did not time out gets its 409 once enforcing (the limit applies)', async () => {
    await redis.flushAll();
    const store = new session.MemoryStore();
    const dry = await start({ strategy: 'choose', dryRun: true }, store);
    const first = new Browser(dry.url, 'first');
    const second = new Browser(dry.url, 'second');
    await signIn(first, 'alice');
    expect((await signIn(second, 'alice')).status).toBe(200);
    await dry.close();
    const live = await start({ strategy: 'choose' }, store);
    expect((await first.via(live.url).get('/me')).status).toBe(200);
    expect((await second.via(live.url).get('/me')).status).toBe(409);
  });

  it("regression, was broken: evict-oldest: a session 'evicted' by a dry-run login that has since logged out is signed out (401 newer-login) by the first request after turning dryRun off, though it is the account's only session", async () => {
    await redis.flushAll();
    const store = new session.MemoryStore();
    const dry = await start({ strategy: 'evict-oldest', dryRun: true }, store);
    const first = new Browser(dry.url, 'first');
    const second = new Browser(dry.url, 'second');
    await signIn(first, 'alice');
    await signIn(second, 'alice');
    expect((await first.get('/me')).status).toBe(200);
    expect((await second.post('/logout')).status).toBe(200);
    await dry.close();

    const live = await start({ strategy: 'evict-oldest' }, store);
    const reply = await first.via(live.url).get('/me');
    // Expected: 200 — the limit (1) applied now admits the account's only session.
    expect(reply.body).not.toMatchObject({ code: 'SESSION_EVICTED' });
    expect(reply.status).toBe(200);
  });

  it("regression, was broken: choose: a login the dry run 'refused' after its choiceTimeout is refused 403 after turning dryRun off, though the holder logged out and the account is empty", async () => {
    await redis.flushAll();
    const store = new session.MemoryStore();
    const dry = await start({ strategy: 'choose', dryRun: true, choiceTimeout: CHOICE_TIMEOUT }, store);
    const first = new Browser(dry.url, 'first');
    const second = new Browser(dry.url, 'second');
    await signIn(first, 'alice');
    await signIn(second, 'alice');
    await sleep(CHOICE_TIMEOUT + 100);
    expect((await second.get('/me')).status).toBe(200);
    expect((await first.post('/logout')).status).toBe(200);
    await dry.close();

    const live = await start({ strategy: 'choose', choiceTimeout: CHOICE_TIMEOUT }, store);
    const reply = await second.via(live.url).get('/me');
    expect(reply.body).not.toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
    expect(reply.status).toBe(200);
  });
});
