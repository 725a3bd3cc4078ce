import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { TokenClient } from '../jwt-app/token-client.js';
import { sleep } from '../session-app/wait.js';
import { STORAGES, Storages } from './fixtures/storages.js';

/** The 64 ended-session notices an account keeps today (`MAX_ENDED_PER_ACCOUNT`), and one more. */
const CYCLES = 64;

/** Logs a new device of `username` in and returns its client (the login must succeed). */
async function loggedIn(url: string, username = 'alice'): Promise<TokenClient> {
  const client = new TokenClient(url);
  const reply = await client.login(username);
  expect(reply.status, `login of ${username}: ${reply.text}`).toBe(200);
  return client;
}

/**
 * Issue 8, item 1 — "Ended stays ended": a token that was revoked stays refused for as long as it
 * could be presented (its `exp`: the JWT app signs tokens for an hour), whatever the number of
 * later notices, the memory bound or `ttl`.
 */
describe('issue 8 item 1: a revoked token stays revoked', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    it(`after "sign out everywhere else", the owner logging in and out ${CYCLES} times does not revive the revoked token`, async () => {
      const app = await storages.jwtApp(storage, { maxSessions: Infinity });
      const t1 = await loggedIn(app.url);
      const owner = await loggedIn(app.url);
      expect((await owner.post('/sessions/revoke-others')).body).toEqual({ revoked: 1 });
      expect((await t1.get('/me')).status).toBe(401);

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const device = await loggedIn(app.url);
        expect((await device.post('/logout')).status).toBe(200);
      }
      const later = await loggedIn(app.url);
      expect((await later.get('/me')).status).toBe(200);

      const revoked = await t1.get('/me');
      expect(revoked.status, `the revoked token answered ${revoked.text}`).toBe(401);
      expect(revoked.body.code).toBe('SESSION_EVICTED');
      const live = (await app.app.get(SessionTrackerService).list(1)).map((session) => session.handle);
      expect(live).not.toContain(t1.session!.handle);
    });

    it('maxSessions Infinity: 100 tokens, revokeAll, the owner signs in again: none of the 100 is accepted afterwards', async () => {
      const app = await storages.jwtApp(storage, { maxSessions: Infinity });
      const tokens: TokenClient[] = [];
      for (let batch = 0; batch < 10; batch++) {
        tokens.push(...(await Promise.all(Array.from({ length: 10 }, () => loggedIn(app.url)))));
      }
      expect((await tokens[0].post('/sessions/revoke-all')).body).toEqual({ revoked: 100 });

      const afterPasswordChange = await loggedIn(app.url);
      expect((await afterPasswordChange.get('/me')).status).toBe(200);

      const accepted: number[] = [];
      for (const [index, token] of tokens.entries()) {
        if ((await token.get('/me')).status === 200) accepted.push(index);
      }
      expect(accepted.length, `revoked tokens accepted again, by index: ${accepted.join(" ")}`).toBe(0);
    });

    it('a revoked token is still refused after ttl has passed (its exp has not)', async () => {
      const ttl = 1000;
      const app = await storages.jwtApp(storage, { maxSessions: Infinity, ttl });
      const t1 = await loggedIn(app.url);
      const owner = await loggedIn(app.url);
      expect((await owner.post('/sessions/revoke-others')).body).toEqual({ revoked: 1 });
      expect((await t1.get('/me')).status).toBe(401);

      await sleep(ttl + 300);
      const revoked = await t1.get('/me');
      expect(revoked.status, `the revoked token answered ${revoked.text}`).toBe(401);
      expect(revoked.body.code).toBe('SESSION_EVICTED');
    });
  });

  describe('memory storage', () => {
    it('a revoked token is still refused after other accounts pushed its account out of the memoryLimit bound', async () => {
      const app = await storages.jwtApp('memory', { maxSessions: Infinity, memoryLimit: 2 });
      const t1 = await loggedIn(app.url);
      const owner = await loggedIn(app.url);
      expect((await owner.post('/sessions/revoke-others')).body).toEqual({ revoked: 1 });
      expect((await t1.get('/me')).status).toBe(401);

      for (const other of ['bob', 'family', 'colon', 'plain-a']) await loggedIn(app.url, other);

      const revoked = await t1.get('/me');
      expect(revoked.status, `the revoked token answered ${revoked.text}`).toBe(401);
      expect(revoked.body.code).toBe('SESSION_EVICTED');
    });
  });
});
