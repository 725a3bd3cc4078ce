import { describe, expect, it } from 'vitest';
import { SESSION_LIMIT_REACHED_MESSAGE, SessionTrackerService } from 'nestjs-single-session';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { sleep } from '../session-app/wait.js';

const IDLE_TIMEOUT = 300;

describe('JWT app, reject-new', () => {
  const app = freshAppPerTest(() => startApp(JwtAppModule.with({ strategy: 'reject-new', idleTimeout: IDLE_TIMEOUT }), { sessions: false }));
  const client = () => new TokenClient(app().url);

  it('refuses a second login at the login request itself: 403 SESSION_LIMIT_REACHED and no token', async () => {
    const holder = client();
    await holder.login('alice');
    const refused = await client().login('alice');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED', reason: 'limit', message: SESSION_LIMIT_REACHED_MESSAGE, maxSessions: 1 });
    expect(refused.body.access_token).toBeUndefined();
    expect((await holder.get('/me')).status).toBe(200);
    expect(await app().app.get(SessionTrackerService).list(1)).toHaveLength(1);
  });

  it('keeps refusing while the holder stays active past the idle timeout', async () => {
    const holder = client();
    await holder.login('alice');
    for (let elapsed = 0; elapsed < IDLE_TIMEOUT * 2; elapsed += IDLE_TIMEOUT / 4) {
      expect((await holder.get('/me')).status).toBe(200);
      await sleep(IDLE_TIMEOUT / 4);
    }
    expect((await client().login('alice')).status).toBe(403);
  });

  it('frees the place on tracker.logout()', async () => {
    const holder = client();
    await holder.login('alice');
    await holder.post('/logout');
    const next = client();
    expect((await next.login('alice')).status).toBe(200);
    expect((await next.get('/me')).status).toBe(200);
  });

  it('frees the place of a token unused for idleTimeout, which is then refused', async () => {
    const closed = client();
    await closed.login('alice');
    await sleep(IDLE_TIMEOUT + 100);
    const next = client();
    expect((await next.login('alice')).status).toBe(200);
    expect((await next.get('/me')).status).toBe(200);
    expect((await closed.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'idle' });
  });
});
