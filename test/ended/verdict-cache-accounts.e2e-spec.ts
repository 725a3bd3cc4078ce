import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenClient } from '../jwt-app/token-client.js';
import { TokenIssuer } from '../jwt-app/token-issuer.js';
import type { RunningApp } from '../support/start-app.js';
import { STORAGES, Storages } from './fixtures/storages.js';

/** Long, so that every check below happens within one recheckInterval. */
const RECHECK = 10_000;

/** Two clients of two accounts (alice = 1, bob = 2) whose tokens carry the same `jti`. */
function sharingOneJti(app: RunningApp) {
  const issuer = app.app.get(TokenIssuer);
  const jti = randomUUID();
  const auth_time = Date.now() / 1000;
  return {
    alice: new TokenClient(app.url, 'alice').useToken(issuer.sign({ sub: 1, username: 'alice', jti, auth_time })),
    bob: new TokenClient(app.url, 'bob').useToken(issuer.sign({ sub: 2, username: 'bob', jti, auth_time })),
  };
}

/**
 * Issue 8, item 7 — the verdict cache ("this session still holds its account") cannot cross
 * accounts: two accounts whose tokens share a `jti` never see each other's verdicts.
 */
describe('issue 8 item 7: the verdict cache is per account', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    it('bob\'s token passing does not make alice\'s logged-out token with the same jti pass', async () => {
      const app = await storages.jwtApp(storage, { recheckInterval: RECHECK });
      const { alice, bob } = sharingOneJti(app);
      expect((await alice.get('/me')).status).toBe(200);
      expect((await alice.post('/logout')).status).toBe(200);
      expect((await alice.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'logout' });

      expect((await bob.get('/me')).status).toBe(200);
      const loggedOut = await alice.get('/me');
      expect(loggedOut.status, `alice's logged-out token got ${loggedOut.text}`).toBe(401);
      expect(loggedOut.body.code).toBe('SESSION_EVICTED');
    });

    it('alice logging her token out does not sign out bob\'s token with the same jti', async () => {
      const app = await storages.jwtApp(storage, { recheckInterval: RECHECK });
      const { alice, bob } = sharingOneJti(app);
      expect((await alice.get('/me')).status).toBe(200);
      expect((await bob.get('/me')).status).toBe(200);

      expect((await alice.post('/logout')).status).toBe(200);
      expect((await alice.get('/me')).status).toBe(401);
      const other = await bob.get('/me');
      expect(other.status, `bob's token got ${other.text}`).toBe(200);
      expect((await bob.get('/me')).status).toBe(200);
    });
  });
});
