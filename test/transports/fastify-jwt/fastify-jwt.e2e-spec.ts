import { describe, expect, it } from 'vitest';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startFastifyApp } from '../../support/start-fastify-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { JwtAppModule } from '../../jwt-app/jwt-app.module.js';
import { TokenClient } from '../../jwt-app/token-client.js';

/**
 * The README's JWT recipe on Fastify, unchanged: passport-local login that registers the login
 * (`ip`, `userAgent` read from `req.ip` and `req.headers`), passport-jwt on every route.
 */
describe('Fastify with the JWT recipe', () => {
  onlyExpectedLogs();
  const app = freshAppPerTest(() => startFastifyApp(JwtAppModule.with()));

  it('registers the login with the client\'s address and device, and the newer token wins', async () => {
    const laptop = new TokenClient(app().url, 'Firefox on Linux');
    const phone = new TokenClient(app().url, 'Safari on iPhone');
    expect((await laptop.login('alice')).status).toBe(200);
    expect((await laptop.get('/me')).status).toBe(200);
    const sessions = await laptop.get('/sessions');
    expect(sessions.body).toEqual([expect.objectContaining({ handle: laptop.session!.handle, ip: '127.0.0.1', userAgent: 'Firefox on Linux' })]);

    expect((await phone.login('alice')).status).toBe(200);
    const evicted = await laptop.get('/me');
    expect(evicted.status).toBe(401);
    expect(evicted.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: 'Safari on iPhone' } });
    expect((await phone.get('/me')).status).toBe(200);
  });

  it('refuses a token after its logout, until it expires', async () => {
    const client = new TokenClient(app().url);
    await client.login('alice');
    expect((await client.post('/logout')).status).toBe(200);
    const after = await client.get('/me');
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'logout' });
  });

  it('refuses a login under reject-new while the account is full, before a token exists', async () => {
    const running = await startFastifyApp(JwtAppModule.with({ strategy: 'reject-new' }));
    try {
      const holder = new TokenClient(running.url);
      expect((await holder.login('alice')).status).toBe(200);
      const refused = await new TokenClient(running.url).login('alice');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
      expect(refused.body.access_token).toBeUndefined();
      expect((await holder.get('/me')).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
