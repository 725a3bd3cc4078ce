import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';

/** JWTs registered with `tracker.register()` (the README's recipe), `strategy: 'choose'`, over real HTTP. */
describe("JWT app, strategy 'choose'", () => {
  const app = freshAppPerTest(() => startApp(JwtAppModule.with({ strategy: 'choose' }), { sessions: false }));

  it('register() returns the choice of a login over the limit; its token gets 409 until choose(); then the chosen token gets 401 replaced', async () => {
    const holder = new TokenClient(app().url, 'Firefox on Windows');
    const newcomer = new TokenClient(app().url, 'Safari on iPhone');
    expect((await holder.login('alice')).status).toBe(200);
    const login = await newcomer.login('alice');
    expect(login.status).toBe(200);
    expect(login.body.choice).toEqual({
      sessions: [{ handle: holder.session!.handle, loginAt: holder.session!.loginAt, lastSeenAt: expect.any(Number), ip: expect.any(String), userAgent: 'Firefox on Windows' }],
      choiceExpiresAt: expect.any(Number),
      maxSessions: 1,
    });

    const waiting = await newcomer.get('/me');
    expect(waiting.status).toBe(409);
    expect(waiting.body).toMatchObject({ code: 'SESSION_CHOICE_REQUIRED', sessions: [{ handle: holder.session!.handle }] });
    expect((await holder.get('/me')).status).toBe(200);

    expect((await newcomer.post(`/choice/${holder.session!.handle}`)).status).toBe(200);
    expect((await newcomer.get('/me')).status).toBe(200);
    const told = await holder.get('/me');
    expect(told.status).toBe(401);
    expect(told.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'replaced', by: { userAgent: 'Safari on iPhone' } });
    expect((await app().app.get(SessionTrackerService).list(1)).map((session) => session.handle)).toEqual([newcomer.session!.handle]);
  });

  it('a first login holds at once: register() returns nothing to choose', async () => {
    const holder = new TokenClient(app().url);
    const login = await holder.login('alice');
    expect(login.body.choice).toBeUndefined();
    expect((await holder.get('/me')).status).toBe(200);
  });
});
