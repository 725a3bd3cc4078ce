import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';

describe('global: false, JWT app: only routes with @UseGuards(AuthGuard(\'jwt\'), SingleSessionGuard) are checked', () => {
  const app = freshAppPerTest(() => startApp(JwtAppModule.with({ global: false }), { sessions: false }));

  it('refuses the evicted token on the guarded route only', async () => {
    const older = new TokenClient(app().url);
    const newer = new TokenClient(app().url);
    await older.login('alice');
    await newer.login('alice');

    expect((await older.get('/guarded/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    expect((await older.get('/me')).status).toBe(200);
    expect((await newer.get('/guarded/me')).status).toBe(200);
  });
});

describe('global: false, express-session app: only routes with SingleSessionGuard are checked and counted', () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ global: false })));
  const listed = async () => (await app().app.get(SessionTrackerService).list(1)).map((session) => session.handle);

  it('does not count logins and requests on routes without the guard', async () => {
    const first = new Browser(app().url);
    const second = new Browser(app().url);
    await signIn(first, 'alice');
    await signIn(second, 'alice');
    expect((await first.get('/me')).status).toBe(200);
    expect((await second.get('/me')).status).toBe(200);
    expect(await listed()).toEqual([]);
  });

  it('evicts through the guarded login and tells the evicted browser on a guarded route', async () => {
    const older = new Browser(app().url);
    const newer = new Browser(app().url);
    await signIn(older, 'alice', '/guarded/login');
    expect((await older.get('/guarded/me')).status).toBe(200);
    const login = await signIn(newer, 'alice', '/guarded/login');

    expect((await older.get('/guarded/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    expect((await older.get('/me')).status).toBe(401);
    expect((await newer.get('/guarded/me')).status).toBe(200);
    expect(await listed()).toEqual([login.body.handle]);
  });
});
