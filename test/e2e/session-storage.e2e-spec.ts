import { describe, expect, it } from 'vitest';
import { SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule, type SessionAppVariant } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { appCache } from '../session-app/app-cache.js';
import { sleep } from '../session-app/wait.js';

/** Runs `test` against a freshly started session app, then closes it. */
async function withApp(options: SingleSessionModuleOptions, variant: SessionAppVariant, test: (running: RunningApp) => Promise<void>) {
  const running = await startApp(SessionAppModule.with(options, variant));
  try {
    await test(running);
  } finally {
    await running.close();
  }
}

describe('express-session app: where and how sessions are stored', () => {
  it('keeps accounts "a:b" and "a" apart', () =>
    withApp({}, {}, async (running) => {
      const colon = new Browser(running.url);
      const plain = new Browser(running.url);
      const colonLogin = (await signIn(colon, 'colon')).body;
      const plainLogin = (await signIn(plain, 'plain-a')).body;
      expect((await colon.get('/me')).status).toBe(200);
      expect((await plain.get('/me')).status).toBe(200);
      const tracker = running.app.get(SessionTrackerService);
      expect((await tracker.list('a:b')).map((session) => session.handle)).toEqual([colonLogin.handle]);
      expect((await tracker.list('a')).map((session) => session.handle)).toEqual([plainLogin.handle]);
      expect(await tracker.revokeAll('a')).toBe(1);
      expect((await colon.get('/me')).status).toBe(200);
    }));

  it('treats the number 1 and the string "1" as one account', () =>
    withApp({}, {}, async (running) => {
      const browser = new Browser(running.url);
      await signIn(browser, 'alice');
      const tracker = running.app.get(SessionTrackerService);
      expect(await tracker.list('1')).toEqual(await tracker.list(1));
      expect(await tracker.list('1')).toHaveLength(1);
      expect(await tracker.revokeAll('1')).toBe(1);
      expect((await browser.get('/me')).body.code).toBe('SESSION_EVICTED');
    }));

  it('works with no CacheModule in the app, on a private in-memory cache', () =>
    withApp({}, {}, async (running) => {
      const older = new Browser(running.url);
      await signIn(older, 'alice');
      await signIn(new Browser(running.url), 'alice');
      expect((await older.get('/me')).body.code).toBe('SESSION_EVICTED');
      expect(await running.app.get(SessionTrackerService).list(1)).toHaveLength(1);
    }));

  it('stores in the app\'s CACHE_MANAGER under keyPrefix when the app registered CacheModule globally', () =>
    withApp({ keyPrefix: 'my-app' }, { appCache: true }, async (running) => {
      const login = (await signIn(new Browser(running.url), 'colon')).body;
      const stored: any = await appCache(running).get('my-app:account:a%3Ab');
      expect(Object.keys(stored.sessions)).toEqual([login.handle]);
      expect(await appCache(running).get('single-session:account:a%3Ab')).toBeUndefined();
    }));

  it('bounds the private cache: past memoryLimit accounts, the least recently used is forgotten', () =>
    withApp({ memoryLimit: 2 }, {}, async (running) => {
      for (const name of ['alice', 'bob', 'family']) await signIn(new Browser(running.url), name);
      const tracker = running.app.get(SessionTrackerService);
      expect(await tracker.list(1)).toEqual([]);
      expect(await tracker.list(2)).toHaveLength(1);
      expect(await tracker.list(3)).toHaveLength(1);
    }));

  it('writes last-seen times at most once per touchInterval', () =>
    withApp({ touchInterval: 60_000 }, {}, async (running) => {
      const browser = new Browser(running.url);
      await signIn(browser, 'alice');
      const tracker = running.app.get(SessionTrackerService);
      const [atLogin] = await tracker.list(1);
      await sleep(20);
      for (let i = 0; i < 5; i++) expect((await browser.get('/me')).status).toBe(200);
      expect((await tracker.list(1))[0].lastSeenAt).toBe(atLogin.lastSeenAt);
    }));

  it('updates last-seen times past touchInterval', () =>
    withApp({ touchInterval: 0, recheckInterval: 0 }, {}, async (running) => {
      const browser = new Browser(running.url);
      await signIn(browser, 'alice');
      const tracker = running.app.get(SessionTrackerService);
      const [atLogin] = await tracker.list(1);
      await sleep(20);
      await browser.get('/me');
      const [later] = await tracker.list(1);
      expect(later.lastSeenAt).toBeGreaterThan(atLogin.lastSeenAt);
      expect(later.loginAt).toBe(atLogin.loginAt);
    }));
});
