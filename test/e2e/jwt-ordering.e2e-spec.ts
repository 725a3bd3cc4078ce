import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { TokenIssuer } from '../jwt-app/token-issuer.js';
import type { TokenClaims } from '../jwt-app/token-claims.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { appCache } from '../session-app/app-cache.js';

describe('JWT app: the newest login wins, whatever order its tokens are seen in', () => {
  const app = freshAppPerTest(() => startApp(JwtAppModule.with({}, { appCache: true }), { sessions: false }));
  const tracker = () => app().app.get(SessionTrackerService);
  /** A client holding a token minted with `claims`, never registered at a login. */
  const holding = (claims: Partial<TokenClaims>) =>
    new TokenClient(app().url).useToken(app().app.get(TokenIssuer).sign({ sub: 1, username: 'alice', jti: crypto.randomUUID(), ...claims }));
  const now = Math.floor(Date.now() / 1000);

  it('refuses the older token even when it is seen after the newer one', async () => {
    const newer = holding({ auth_time: now - 10 });
    const older = holding({ auth_time: now - 20 });
    expect((await newer.get('/me')).status).toBe(200);
    expect((await older.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    expect((await newer.get('/me')).status).toBe(200);
  });

  it('refuses the older token once the newer one is seen', async () => {
    const older = holding({ auth_time: now - 20 });
    const newer = holding({ auth_time: now - 10 });
    expect((await older.get('/me')).status).toBe(200);
    expect((await newer.get('/me')).status).toBe(200);
    expect((await older.get('/me')).body.code).toBe('SESSION_EVICTED');
  });

  it('falls back to iat, and breaks a tie of login times by first sight: the token seen later wins, in either order', async () => {
    for (const order of ['forward', 'backward']) {
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
      const clients = new Map([a, b].map((jti) => [jti, holding({ sub: order === 'forward' ? 1 : 2, jti, iat: now - 5 })]));
      const seen = order === 'forward' ? [a, b] : [b, a];
      for (const jti of seen) await clients.get(jti)!.get('/me');
      const statuses = await Promise.all(seen.map(async (jti) => [jti, (await clients.get(jti)!.get('/me')).status]));
      expect(Object.fromEntries(statuses)).toEqual({ [seen[1]]: 200, [seen[0]]: 401 });
    }
  });

  it('treats sub 1 and sub "1" as one account', async () => {
    const numeric = holding({ sub: 1, auth_time: now - 20 });
    const text = holding({ sub: '1', auth_time: now - 10 });
    await numeric.get('/me');
    await text.get('/me');
    expect((await numeric.get('/me')).body.code).toBe('SESSION_EVICTED');
    expect(await tracker().list(1)).toHaveLength(1);
  });

  it('refuses the older token at its next request when the cache was cleared between the two logins', async () => {
    const older = new TokenClient(app().url);
    const newer = new TokenClient(app().url);
    await older.login('alice');
    await appCache(app()).clear();
    await newer.login('alice');
    expect((await older.get('/me')).body.code).toBe('SESSION_EVICTED');
    expect((await newer.get('/me')).status).toBe(200);
  });

  it('refuses the older token after the whole cache is lost, whichever token comes back first', async () => {
    for (const first of ['older', 'newer'] as const) {
      const clients = { older: holding({ auth_time: now - 20 }), newer: holding({ auth_time: now - 10 }) };
      await clients.older.get('/me');
      await clients.newer.get('/me');
      await appCache(app()).clear();
      const second = first === 'older' ? 'newer' : 'older';
      await clients[first].get('/me');
      await clients[second].get('/me');
      expect((await clients.older.get('/me')).status).toBe(401);
      expect((await clients.newer.get('/me')).status).toBe(200);
    }
  });
});
