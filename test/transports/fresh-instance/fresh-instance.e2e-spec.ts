import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from 'connect-redis';
import { MemoryStore } from 'express-session';
import { createClient } from 'redis';
import { MemorySessionStorage, SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../../support/browser.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { RedisServer } from '../../support/redis-server.js';
import { startApp, type RunningApp } from '../../support/start-app.js';
import { SessionAppModule } from '../../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../../session-app/session-client.js';
import { startWorker } from './worker.module.js';

/** The warning of an instance that ends a server session without knowing the session store. */
const NO_SESSION_STORE = /not wiped in the store\. Set the `sessionStore` option/;

const logs = onlyExpectedLogs(NO_SESSION_STORE);

/** Checks that `browser` (signed in as alice before a revokeAll elsewhere) is signed out everywhere on `web`, told once. */
async function expectSignedOutEverywhere(browser: Browser) {
  const exempt = await browser.get('/multi');
  expect(exempt.status).toBe(401);
  expect(exempt.body.code).toBeUndefined();
  expect((await browser.get('/me')).body).toMatchObject({ statusCode: 401, code: 'SESSION_EVICTED', reason: 'revoked' });
  expect((await browser.get('/me')).body.code).toBeUndefined();
}

describe('revokeAll from an instance that has served nothing, two web instances sharing one MemoryStore', () => {
  const running: RunningApp[] = [];
  const start = async (options: SingleSessionModuleOptions, store: MemoryStore) => {
    const app = await startApp(SessionAppModule.with(options), { store });
    running.push(app);
    return app;
  };
  afterAll(async () => {
    await Promise.all(running.map((app) => app.close()));
  });

  it('signs the server session out in the store when that instance was given sessionStore', async () => {
    const store = new MemoryStore();
    const storage = new MemorySessionStorage(1000, 86_400_000);
    const web = await start({ storage }, store);
    const fresh = await start({ storage, sessionStore: store }, store);
    const browser = new Browser(web.url);
    await signIn(browser, 'alice');

    expect(await fresh.app.get(SessionTrackerService).revokeAll(1)).toBe(1);
    await expectSignedOutEverywhere(browser);
    expect(logs.lines).toEqual([]);
  });

  it('cannot reach the store without sessionStore, and says so: the session keeps its user where nothing checks it', async () => {
    const store = new MemoryStore();
    const storage = new MemorySessionStorage(1000, 86_400_000);
    // recheckInterval 0: the web instance asks the tracker on every request, so its guard sees the revocation at once.
    const web = await start({ storage, recheckInterval: 0 }, store);
    const fresh = await start({ storage }, store);
    const browser = new Browser(web.url);
    await signIn(browser, 'alice');

    expect(await fresh.app.get(SessionTrackerService).revokeAll(1)).toBe(1);
    expect(logs.matching(NO_SESSION_STORE)).toHaveLength(1);
    expect((await browser.get('/multi')).status).toBe(200);
    expect((await browser.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'revoked' });
  });
});

describe('revokeAll from an admin worker (no HTTP) given sessionStore, sessions in connect-redis', () => {
  let redis: RedisServer;
  const clients: Array<ReturnType<typeof createClient>> = [];
  const connected = async () => {
    const client = createClient({ url: redis.url });
    clients.push(client);
    await client.connect();
    return client;
  };
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await redis?.stop();
  });

  it('signs the session out in Redis: it is anonymous on every route of the web instance afterwards', async () => {
    const webClient = await connected();
    const web = await startApp(SessionAppModule.with({ storage: webClient }), { store: new RedisStore({ client: webClient }) });
    const workerClient = await connected();
    const worker = await startWorker({ storage: workerClient, sessionStore: new RedisStore({ client: workerClient }) });
    try {
      const browser = new Browser(web.url);
      await signIn(browser, 'alice');
      expect(JSON.parse((await webClient.get(`sess:${sessionIdOf(browser)}`))!).passport).toEqual({ user: 'alice' });

      expect(await worker.tracker.revokeAll(1)).toBe(1);
      expect(JSON.parse((await webClient.get(`sess:${sessionIdOf(browser)}`))!).passport).toBeUndefined();
      await expectSignedOutEverywhere(browser);
    } finally {
      await Promise.all([web.close(), worker.close()]);
    }
  });
});
