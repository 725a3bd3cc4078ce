import { describe, expect, it } from 'vitest';
import { Browser } from '../../support/browser.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startApp } from '../../support/start-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { SessionAppModule } from '../../session-app/session-app.module.js';
import { signIn } from '../../session-app/session-client.js';
import { NoticeController } from './notice.controller.js';

onlyExpectedLogs();

describe('an evicted browser signs in again', () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({}, { controllers: [NoticeController] })));

  /** A browser of alice evicted by a newer login elsewhere; returns it and the newer login's time. */
  async function evicted(): Promise<{ browser: Browser; newerLoginAt: number }> {
    const browser = new Browser(app().url);
    await signIn(browser, 'alice');
    const newer = await signIn(new Browser(app().url, 'Safari on iPhone'), 'alice');
    return { browser, newerLoginAt: newer.body.loginAt };
  }

  it('at the first try, and the login route reads why the previous session ended', async () => {
    const { browser, newerLoginAt } = await evicted();
    const login = await signIn(browser, 'alice', '/notice/login');
    expect(login.status).toBe(200);
    expect(login.body).toEqual({
      username: 'alice',
      previous: { reason: 'newer-login', endedAt: expect.any(Number), by: { loginAt: newerLoginAt, userAgent: 'Safari on iPhone' } },
    });
    // Told once: neither the next page nor a protected route repeats it.
    expect((await browser.get('/notice/home')).body).toEqual({ previous: null });
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('at the first try through a login route that says nothing; the next page reads the notice, once', async () => {
    const { browser } = await evicted();
    expect((await signIn(browser, 'alice', '/notice/quiet-login')).status).toBe(200);
    expect((await browser.get('/notice/home')).body.previous).toMatchObject({ reason: 'newer-login' });
    expect((await browser.get('/notice/home')).body).toEqual({ previous: null });
  });

  it('at the first try on the session app\'s own login route', async () => {
    const { browser } = await evicted();
    expect((await signIn(browser, 'alice')).status).toBe(200);
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('while a page (a GET) of the evicted browser still gets the 401 notice, once', async () => {
    const { browser } = await evicted();
    expect((await browser.get('/notice/home')).body).toMatchObject({ statusCode: 401, code: 'SESSION_EVICTED', reason: 'newer-login' });
    const next = await browser.get('/notice/home');
    expect(next.status).toBe(401);
    expect(next.body.code).toBeUndefined();
    expect((await signIn(browser, 'alice', '/notice/login')).body).toEqual({ username: 'alice', previous: null });
  });
});
