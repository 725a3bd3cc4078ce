import { describe, expect, it } from 'vitest';
import { SESSION_EVICTED_MESSAGES, SessionTrackerService } from 'nestjs-single-session';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { TokenIssuer } from '../jwt-app/token-issuer.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { recordEvents } from '../session-app/events.js';

/** Every route of the JWT app that the global guard covers. */
const GUARDED_ROUTES = ['/me', '/sessions', '/exempt/checked'];

describe('JWT app, evict-oldest (the default)', () => {
  const app = freshAppPerTest(() => startApp(JwtAppModule.with(), { sessions: false }));
  const client = (userAgent?: string) => new TokenClient(app().url, userAgent);

  it('lets anonymous requests, and tokens without a session id, pass untouched', async () => {
    expect((await client().get('/public')).status).toBe(200);
    const anonymous = await client().get('/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBeUndefined();

    const noJti = client().useToken(app().app.get(TokenIssuer).sign({ sub: 1, username: 'alice', jti: '', iat: Math.floor(Date.now() / 1000) }));
    const first = client();
    await first.login('alice');
    expect((await noJti.get('/me')).status).toBe(200);
    expect((await first.get('/me')).status).toBe(200);
    expect(await app().app.get(SessionTrackerService).list(1)).toHaveLength(1);
  });

  it('refuses the older token with 401 SESSION_EVICTED on every guarded route, every time', async () => {
    const laptop = client('Firefox on Linux');
    const phone = client('Safari on iPhone');
    expect((await laptop.login('alice')).status).toBe(200);
    expect((await laptop.get('/me')).status).toBe(200);
    expect((await phone.login('alice')).status).toBe(200);

    for (const round of [1, 2]) {
      for (const route of GUARDED_ROUTES) {
        const refused = await laptop.get(route);
        expect({ round, route, status: refused.status }).toEqual({ round, route, status: 401 });
        expect(refused.body).toMatchObject({
          code: 'SESSION_EVICTED',
          reason: 'newer-login',
          message: SESSION_EVICTED_MESSAGES['newer-login'],
          by: { loginAt: phone.session!.loginAt, userAgent: 'Safari on iPhone' },
        });
      }
    }
    for (const route of GUARDED_ROUTES) expect((await phone.get(route)).status).toBe(200);
  });

  it('leaves @AllowMultiSession routes unchecked, even for an evicted token', async () => {
    const older = client();
    await older.login('alice');
    await client().login('alice');
    expect((await older.get('/multi')).status).toBe(200);
    expect((await older.get('/exempt/open')).status).toBe(200);
    expect((await older.get('/exempt/checked')).body.code).toBe('SESSION_EVICTED');
  });

  it('does not count requests to @AllowMultiSession routes', async () => {
    const older = client();
    await older.login('alice');
    const issuer = app().app.get(TokenIssuer);
    const unseen = client().useToken(issuer.sign({ sub: 1, username: 'alice', jti: 'never-on-a-guarded-route', auth_time: Date.now() / 1000 + 60 }));
    expect((await unseen.get('/multi')).status).toBe(200);
    expect((await unseen.get('/exempt/open')).status).toBe(200);
    expect((await older.get('/me')).status).toBe(200);
    expect((await app().app.get(SessionTrackerService).list(1)).map((session) => session.handle)).toEqual([older.session!.handle]);
  });

  it('never lets concurrent requests of one token evict each other', async () => {
    const device = client();
    await device.login('alice');
    const replies = await Promise.all(Array.from({ length: 12 }, () => device.get('/me')));
    expect(replies.map((reply) => reply.status)).toEqual(Array(12).fill(200));
    expect(await app().app.get(SessionTrackerService).list(1)).toHaveLength(1);
  });

  it('refuses a token after tracker.logout(), with reason logout', async () => {
    const events = recordEvents(app());
    const device = client();
    await device.login('alice');
    expect((await device.post('/logout')).status).toBe(200);
    for (const route of GUARDED_ROUTES) {
      expect((await device.get(route)).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'logout', message: SESSION_EVICTED_MESSAGES.logout });
    }
    expect(await app().app.get(SessionTrackerService).list(1)).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['registered', 'logged-out']);
  });

  it('refuses revoked tokens as evicted ones', async () => {
    const device = client();
    await device.login('family');
    await app().app.get(SessionTrackerService).revoke(3, device.session!.handle);
    expect((await device.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'revoked' });
  });
});
