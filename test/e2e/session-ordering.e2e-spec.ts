import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { appCache, loseNextWrite } from '../session-app/app-cache.js';

/** Cache key of alice (id 1) under the default key prefix. */
const ALICE_KEY = 'single-session:account:1';

describe('express-session app: the newest login wins whatever happens to the cache', () => {
  describe('with one place', () => {
    const app = freshAppPerTest(() => startApp(SessionAppModule.with({}, { appCache: true })));

    it('uses the app\'s CACHE_MANAGER when the app registered CacheModule globally', async () => {
      await signIn(new Browser(app().url), 'alice');
      const stored: any = await appCache(app()).get(ALICE_KEY);
      expect(Object.keys(stored.sessions)).toHaveLength(1);
    });

    it('evicts the older session at its next request when the cache was cleared between the two logins', async () => {
      const older = new Browser(app().url);
      const newer = new Browser(app().url);
      await signIn(older, 'alice');
      await appCache(app()).clear();
      await signIn(newer, 'alice');

      const next = await older.get('/me');
      expect(next.status).toBe(401);
      expect(next.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
      expect((await newer.get('/me')).status).toBe(200);
      expect((await older.get('/me')).status).toBe(401);
    });

    it('still evicts the older session when the newer login\'s cache write was lost', async () => {
      const older = new Browser(app().url);
      const newer = new Browser(app().url);
      await signIn(older, 'alice');
      loseNextWrite(appCache(app()), ALICE_KEY);
      const login = await signIn(newer, 'alice');
      expect(login.status).toBe(200);

      expect((await older.get('/me')).body.code).toBe('SESSION_EVICTED');
      expect((await newer.get('/me')).status).toBe(200);
      const sessions = await app().app.get(SessionTrackerService).list(1);
      expect(sessions.map((session) => session.handle)).toEqual([login.body.handle]);
    });

    it('still evicts the older session when its own login\'s cache write was lost', async () => {
      const older = new Browser(app().url);
      const newer = new Browser(app().url);
      loseNextWrite(appCache(app()), ALICE_KEY);
      await signIn(older, 'alice');
      const login = await signIn(newer, 'alice');

      expect((await older.get('/me')).body.code).toBe('SESSION_EVICTED');
      expect((await newer.get('/me')).status).toBe(200);
      const sessions = await app().app.get(SessionTrackerService).list(1);
      expect(sessions.map((session) => session.handle)).toEqual([login.body.handle]);
    });
  });

  describe('with two places, whichever session comes back first after the cache is lost', () => {
    const app = freshAppPerTest(() => startApp(SessionAppModule.with({ maxSessions: 2 }, { appCache: true })));

    for (const order of [['first', 'second'], ['second', 'first']] as const) {
      it(`keeps the two newest (they come back: ${order.join(', ')})`, async () => {
        const browsers = { first: new Browser(app().url), second: new Browser(app().url), third: new Browser(app().url) };
        const logins: Record<string, any> = {};
        for (const name of ['first', 'second'] as const) logins[name] = (await signIn(browsers[name], 'alice')).body;
        await appCache(app()).clear();
        logins.third = (await signIn(browsers.third, 'alice')).body;

        const statuses: Record<string, number> = {};
        for (const name of [...order, 'third', ...order, 'third'] as const) statuses[name] = (await browsers[name].get('/me')).status;

        expect(statuses).toEqual({ first: 401, second: 200, third: 200 });
        const sessions = await app().app.get(SessionTrackerService).list('1');
        expect(sessions.map((session) => session.handle)).toEqual([logins.third.handle, logins.second.handle]);
      });
    }
  });
});
