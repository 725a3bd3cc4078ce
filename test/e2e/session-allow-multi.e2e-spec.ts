import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';

describe('express-session app: @AllowMultiSession routes are neither checked nor counted', () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with()));
  const listed = async () => (await app().app.get(SessionTrackerService).list(1)).map((session) => session.handle);

  it('does not count a login, nor requests, through exempt routes', async () => {
    const tracked = new Browser(app().url);
    const trackedLogin = await signIn(tracked, 'alice');
    const exempt = new Browser(app().url);
    expect((await signIn(exempt, 'alice', '/exempt/login')).status).toBe(200);
    expect((await exempt.get('/exempt/open')).status).toBe(200);
    expect((await exempt.get('/multi')).status).toBe(200);

    expect(await listed()).toEqual([trackedLogin.body.handle]);
    expect((await tracked.get('/me')).status).toBe(200);
  });

  it('checks a handler marked @AllowMultiSession(false) inside an exempt controller', async () => {
    const tracked = new Browser(app().url);
    await signIn(tracked, 'alice');
    const exempt = new Browser(app().url);
    const exemptLogin = await signIn(exempt, 'alice', '/exempt/login');
    expect(await listed()).toHaveLength(1);

    expect((await exempt.get('/exempt/checked')).status).toBe(200);

    expect(await listed()).toEqual([exemptLogin.body.handle]);
    expect((await tracked.get('/me')).body.code).toBe('SESSION_EVICTED');
  });
});
