import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from 'express-session';
import { Browser } from '../../support/browser.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { RedisServer } from '../../support/redis-server.js';
import { startApp } from '../../support/start-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { signIn } from '../../session-app/session-client.js';
import { TokenClient } from '../../jwt-app/token-client.js';
import { withTrackerOnRedis } from '../../redis/fixtures/tracker-on-redis.js';
import { MixedAuthAppModule } from './mixed-auth-app.module.js';

/** How many sessions `store` holds. */
const storedSessions = (store: MemoryStore) => new Promise<number>((resolve, reject) => store.length((error, length) => (error ? reject(error) : resolve(length ?? 0))));

/** A mobile client of the mixed app: it logs in on `/api/login` and sends its bearer token, never a cookie. */
async function mobileLogin(url: string, username = 'alice', device = 'Mobile app') {
  const client = new TokenClient(url, device);
  const login = await client.login(username, '/api/login');
  expect(login.status).toBe(200);
  expect(login.headers.getSetCookie()).toEqual([]);
  return client;
}

onlyExpectedLogs();

describe('express-session and bearer tokens in one app', () => {
  describe('evict-oldest, two sessions per account', () => {
    const store = new MemoryStore();
    const app = freshAppPerTest(() => startApp(MixedAuthAppModule.with({ maxSessions: 2 }), { store }));

    it('takes a bearer request as its token\'s session: no server session, no new login, whatever the number of requests', async () => {
      const mobile = await mobileLogin(app().url);
      const before = await storedSessions(store);
      const replies = await Promise.all(Array.from({ length: 20 }, () => mobile.get('/api/me')));
      expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
      expect(replies.flatMap((reply) => reply.headers.getSetCookie())).toEqual([]);
      expect(await storedSessions(store)).toBe(before);

      const browser = new Browser(app().url);
      await signIn(browser, 'alice');
      const sessions = (await browser.get('/sessions')).body;
      expect(sessions.map((session: any) => session.handle).sort()).toEqual([mobile.session!.handle, (await browser.get('/me')).body.handle].sort());
    });

    it('counts cookie sessions and tokens of one account together: the newest logins hold it, whichever kind', async () => {
      const browser = new Browser(app().url, 'Firefox on Linux');
      expect((await signIn(browser, 'alice')).status).toBe(200);
      const phone = await mobileLogin(app().url, 'alice', 'Phone');
      const tablet = await mobileLogin(app().url, 'alice', 'Tablet');

      expect((await browser.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: 'Tablet' } });
      expect((await phone.get('/api/me')).status).toBe(200);
      expect((await tablet.get('/api/me')).status).toBe(200);

      expect((await signIn(browser, 'alice')).status).toBe(200);
      expect((await phone.get('/api/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: 'Firefox on Linux' } });
      expect((await tablet.get('/api/me')).status).toBe(200);
      expect((await browser.get('/me')).status).toBe(200);
    });

    it('checks a browser that sends its cookie and a bearer token as both sessions', async () => {
      const browser = new Browser(app().url);
      await signIn(browser, 'alice');
      const mobile = await mobileLogin(app().url);
      const both = await browser.get('/api/me', { authorization: `Bearer ${mobile.token}` });
      expect(both).toMatchObject({ status: 200, body: { handle: mobile.session!.handle } });
      await mobileLogin(app().url);
      // The newest two are the two later tokens: the cookie session lost its place, and so did the first token.
      const refused = await browser.get('/api/me', { authorization: `Bearer ${mobile.token}` });
      expect(refused.body).toMatchObject({ code: 'SESSION_EVICTED' });
    });
  });

  describe('reject-new, one session per account', () => {
    const app = freshAppPerTest(() => startApp(MixedAuthAppModule.with({ strategy: 'reject-new' })));

    it('lets every bearer request of the holding token through, and refuses other logins of either kind', async () => {
      const mobile = await mobileLogin(app().url);
      const replies = await Promise.all(Array.from({ length: 10 }, () => mobile.get('/api/me')));
      expect(replies.map((reply) => reply.status)).toEqual(Array(10).fill(200));
      expect((await signIn(new Browser(app().url), 'alice')).body).toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
      expect((await new TokenClient(app().url).login('alice', '/api/login')).body).toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
      expect((await mobile.get('/api/me')).status).toBe(200);
    });
  });

  describe('with the tracker on Redis, strict (every request reads Redis)', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await RedisServer.start();
    });
    afterAll(() => redis?.stop());

    it('keeps the account\'s keys as they are, however many bearer requests come', async () => {
      const store = new MemoryStore();
      const running = await startApp(withTrackerOnRedis(MixedAuthAppModule.with({ maxSessions: 2, recheckInterval: 0 }), redis.url), { store });
      try {
        const browser = new Browser(running.url);
        await signIn(browser, 'alice');
        const mobile = await mobileLogin(running.url);
        // The account's three keys, as the README's "How it is kept on Redis" names them: live sessions, end notices, expiries.
        const [live, ended, expiries] = ['s', 'e', 't'].map((suffix) => `{single-session:account:1}:${suffix}`);
        const sizes = () => redis.use(async (client) => [await client.dbSize(), await client.hLen(live!), await client.hLen(ended!), await client.zCard(expiries!)]);
        const before = await sizes();
        expect(before[1]).toBe(2);

        for (let i = 0; i < 30; i++) expect((await mobile.get('/api/me')).status).toBe(200);
        expect((await browser.get('/me')).status).toBe(200);
        expect(await sizes()).toEqual(before);
      } finally {
        await running.close();
      }
    });
  });
});
