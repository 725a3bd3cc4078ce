import { describe, expect, it } from 'vitest';
import { SESSION_LIMIT_REACHED_MESSAGE, SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { sleep } from '../session-app/wait.js';

const IDLE_TIMEOUT = 300;

describe('express-session app, reject-new', () => {
  const app = freshAppPerTest(() =>
    startApp(SessionAppModule.with({ strategy: 'reject-new', idleTimeout: IDLE_TIMEOUT })),
  );

  it('refuses a second login at the login request itself with 403 SESSION_LIMIT_REACHED; the holder keeps working', async () => {
    const holder = new Browser(app().url);
    const newcomer = new Browser(app().url);
    expect((await signIn(holder, 'alice')).status).toBe(200);

    const refused = await signIn(newcomer, 'alice');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      statusCode: 403,
      code: 'SESSION_LIMIT_REACHED',
      reason: 'limit',
      message: SESSION_LIMIT_REACHED_MESSAGE,
      maxSessions: 1,
    });

    expect((await holder.get('/me')).status).toBe(200);
    const after = await newcomer.get('/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBeUndefined();
    expect(await app().app.get(SessionTrackerService).list(1)).toHaveLength(1);
  });

  it('keeps refusing while the holder stays active past the idle timeout', async () => {
    const holder = new Browser(app().url);
    await signIn(holder, 'alice');
    for (let elapsed = 0; elapsed < IDLE_TIMEOUT * 2; elapsed += IDLE_TIMEOUT / 4) {
      expect((await holder.get('/me')).status).toBe(200);
      await sleep(IDLE_TIMEOUT / 4);
    }
    expect((await signIn(new Browser(app().url), 'alice')).status).toBe(403);
    expect((await holder.get('/me')).status).toBe(200);
  });

  it('frees the place on logout', async () => {
    const holder = new Browser(app().url);
    await signIn(holder, 'alice');
    expect((await holder.post('/logout')).status).toBe(200);
    const next = new Browser(app().url);
    expect((await signIn(next, 'alice')).status).toBe(200);
    expect((await next.get('/me')).status).toBe(200);
  });

  it('frees the place of a session idle longer than idleTimeout (a closed browser cannot lock the account)', async () => {
    const closed = new Browser(app().url);
    await signIn(closed, 'alice');
    await sleep(IDLE_TIMEOUT + 100);
    const next = new Browser(app().url);
    expect((await signIn(next, 'alice')).status).toBe(200);
    expect((await next.get('/me')).status).toBe(200);
    const reopened = await closed.get('/me');
    expect(reopened.status).toBe(401);
    expect(reopened.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'idle' });
  });

  it('lets the holder sign in again in the same browser', async () => {
    const browser = new Browser(app().url);
    await signIn(browser, 'alice');
    const again = await signIn(browser, 'alice');
    expect(again.status).toBe(200);
    expect((await browser.get('/me')).status).toBe(200);
  });
});
