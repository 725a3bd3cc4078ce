import { describe, expect, it } from 'vitest';
import { Browser } from '../../support/browser.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startFastifyApp } from '../../support/start-fastify-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { signIn } from '../../session-app/session-client.js';
import { FastifySessionAppModule } from '../fastify-session/fastify-session-app.module.js';
import { SecureLogoutController, withSecureSession } from './secure-session-app.js';

/** A device that presents a given cookie header (a copy of another browser's cookie) and keeps nothing. */
const replay = (url: string, cookie: string) => new Browser(url).get('/me', { cookie });

onlyExpectedLogs();

describe('Fastify with @fastify/secure-session (the session is the cookie) and @fastify/passport', () => {
  const app = freshAppPerTest(() => startFastifyApp(FastifySessionAppModule.with({}, [SecureLogoutController]), withSecureSession));

  it('gives each signed-in cookie an id of its own, kept in the cookie', async () => {
    const browser = new Browser(app().url);
    const login = await signIn(browser, 'alice');
    expect(login.status).toBe(200);
    expect(login.body.loginAt).toEqual(expect.any(Number));
    const pages = await Promise.all([browser.get('/me'), browser.get('/me')]);
    expect(pages.map((page) => page.body.handle)).toEqual([login.body.handle, login.body.handle]);
    expect((await browser.get('/sessions')).body.map((session: any) => session.handle)).toEqual([login.body.handle]);
  });

  it('lets the newer login win; the older cookie is refused, then signed out in place', async () => {
    const laptop = new Browser(app().url);
    const phone = new Browser(app().url, 'Safari on iPhone');
    const first = await signIn(laptop, 'alice');
    const second = await signIn(phone, 'alice');
    expect(second.body.handle).not.toBe(first.body.handle);

    const evicted = await laptop.get('/me');
    expect(evicted.status).toBe(401);
    expect(evicted.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: 'Safari on iPhone' } });
    // The refusal rewrote the laptop's cookie: it is anonymous everywhere now, and was told.
    const after = await laptop.get('/multi');
    expect(after.status).toBe(401);
    expect(after.body.code).toBeUndefined();
    expect((await phone.get('/me')).status).toBe(200);
  });

  it('refuses a copy of an ended session\'s cookie every time it comes back, since it cannot be destroyed', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    const copy = laptop.cookieHeader();
    await signIn(new Browser(app().url), 'alice');
    for (let time = 0; time < 3; time++) {
      const replayed = await replay(app().url, copy);
      expect(replayed.status).toBe(401);
      expect(replayed.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    }
  });

  it('a logout told to the tracker frees the place at once (reject-new) and ends every copy of the cookie', async () => {
    const running = await startFastifyApp(FastifySessionAppModule.with({ strategy: 'reject-new' }, [SecureLogoutController]), withSecureSession);
    try {
      const laptop = new Browser(running.url);
      await signIn(laptop, 'alice');
      const copy = laptop.cookieHeader();
      expect((await signIn(new Browser(running.url), 'alice')).status).toBe(403);
      expect((await laptop.post('/secure/logout')).status).toBe(200);
      expect((await signIn(new Browser(running.url), 'alice')).status).toBe(200);
      expect((await replay(running.url, copy)).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'logout' });
    } finally {
      await running.close();
    }
  });
});
