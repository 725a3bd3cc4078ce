import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { USERS } from '../session-app/users.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { TokenIssuer } from '../jwt-app/token-issuer.js';
import { InPlaceController } from './fixtures/in-place-login.js';
import { STORAGES, Storages } from './fixtures/storages.js';

/** A short recheckInterval, waited out so a request reads the store, not a cached verdict. */
const RECHECK = 100;
const PAST_RECHECK = RECHECK + 100;
const alice = USERS[0];

/** Waits until the tracker lists no session of account 1 (a logout was processed). */
async function untilNoSessions(tracker: SessionTrackerService): Promise<void> {
  for (let attempt = 0; attempt < 100 && (await tracker.list(1)).length > 0; attempt++) await sleep(10);
  expect(await tracker.list(1)).toEqual([]);
}

/**
 * Issue 8, item 4 — a session that was evicted or refused can log in again with the same
 * session id (an app that does not regenerate the session at login; a JWT id registered again),
 * and the login holds at once: the login and the next requests are answered 200.
 */
describe('issue 8 item 4: re-login with the same session id works at once', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    it('evict-oldest: after an eviction, the same browser logs in again in place; the login and the next requests pass', async () => {
      const app = await storages.sessionApp(storage, { recheckInterval: RECHECK }, { controllers: [InPlaceController] });
      const laptop = new Browser(app.url, 'laptop');
      const phone = new Browser(app.url, 'phone');
      expect((await signIn(laptop, 'alice', '/in-place/login')).status).toBe(200);
      const laptopSession = sessionIdOf(laptop);
      expect((await signIn(phone, 'alice')).status).toBe(200);
      expect((await laptop.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });

      const again = await signIn(laptop, 'alice', '/in-place/login');
      expect(sessionIdOf(laptop), 'the in-place login keeps the session id').toBe(laptopSession);
      expect(again.status).toBe(200);
      const next = await laptop.get('/me');
      expect(next.status, `the next request after the re-login got ${next.text}`).toBe(200);
      await sleep(PAST_RECHECK);
      const later = await laptop.get('/me');
      expect(later.status, `a request after recheckInterval got ${later.text}`).toBe(200);
      expect((await phone.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    });

    it('reject-new: after a refusal, the same browser logs in again in place once the holder logged out; the login and the next requests pass', async () => {
      const app = await storages.sessionApp(storage, { strategy: 'reject-new', recheckInterval: RECHECK }, { controllers: [InPlaceController] });
      const tracker = app.app.get(SessionTrackerService);
      const laptop = new Browser(app.url, 'laptop');
      const phone = new Browser(app.url, 'phone');
      expect((await signIn(laptop, 'alice')).status).toBe(200);
      expect((await signIn(phone, 'alice', '/in-place/login')).body).toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
      const phoneSession = sessionIdOf(phone);
      expect((await laptop.post('/logout')).status).toBe(200);
      await untilNoSessions(tracker);

      const again = await signIn(phone, 'alice', '/in-place/login');
      expect(sessionIdOf(phone), 'the in-place login keeps the session id').toBe(phoneSession);
      expect(again.status, `the re-login got ${again.text}`).toBe(200);
      const next = await phone.get('/me');
      expect(next.status, `the next request after the re-login got ${next.text}`).toBe(200);
      await sleep(PAST_RECHECK);
      const later = await phone.get('/me');
      expect(later.status, `a request after recheckInterval got ${later.text}`).toBe(200);
    });

    it('JWT: register() of an evicted session id admits it again, and its token works', async () => {
      const app = await storages.jwtApp(storage, { recheckInterval: RECHECK });
      const tracker = app.app.get(SessionTrackerService);
      const issuer = app.app.get(TokenIssuer);
      const jti = randomUUID();
      const tokenAt = (loginAt: number) => new TokenClient(app.url).useToken(issuer.sign({ sub: 1, username: 'alice', jti, auth_time: loginAt / 1000 }));

      const firstLogin = Date.now();
      await tracker.register(alice, { sessionId: jti, loginAt: firstLogin });
      expect((await tokenAt(firstLogin).get('/me')).status).toBe(200);
      await sleep(5);
      const other = new TokenClient(app.url);
      expect((await other.login('alice')).status).toBe(200);
      expect((await tokenAt(firstLogin).get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });

      await sleep(5);
      const secondLogin = Date.now();
      await tracker.register(alice, { sessionId: jti, loginAt: secondLogin });
      const token = tokenAt(secondLogin);
      const next = await token.get('/me');
      expect(next.status, `the re-registered token got ${next.text}`).toBe(200);
      await sleep(PAST_RECHECK);
      const later = await token.get('/me');
      expect(later.status, `the re-registered token, after recheckInterval, got ${later.text}`).toBe(200);
      expect((await other.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    });
  });
});
