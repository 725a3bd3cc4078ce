import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { InPlaceController } from './fixtures/in-place-login.js';
import { STORAGES, Storages } from './fixtures/storages.js';

/**
 * Issue 8, item 5 — one account must not sign out another: a session whose user is changed in
 * place (impersonation, "switch account": same session id, no regeneration) moves to the new
 * account, so a later login of the old account elsewhere does not sign it out.
 */
describe('issue 8 item 5: switching a session\'s user moves it to the new account', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    it('alice\'s session switched to bob is not signed out when alice logs in on another device', async () => {
      const app = await storages.sessionApp(storage, {}, { controllers: [InPlaceController] });
      const tracker = app.app.get(SessionTrackerService);
      const switching = new Browser(app.url, 'support desk');
      const elsewhere = new Browser(app.url, 'alice\'s phone');
      expect((await signIn(switching, 'alice')).status).toBe(200);
      expect((await switching.get('/me')).body.username).toBe('alice');

      expect((await switching.post('/in-place/switch', { username: 'bob' })).status).toBe(200);
      const asBob = await switching.get('/me');
      expect(asBob.status).toBe(200);
      expect(asBob.body.username).toBe('bob');
      const handle = tracker.handleOf(sessionIdOf(switching));

      expect((await signIn(elsewhere, 'alice')).status).toBe(200);
      const after = await switching.get('/me');
      expect(after.status, `the session switched to bob got ${after.text}`).toBe(200);
      expect(after.body.username).toBe('bob');
      expect((await elsewhere.get('/me')).status).toBe(200);
      expect((await tracker.list(1)).map((session) => session.handle)).not.toContain(handle);
      expect((await tracker.list(2)).map((session) => session.handle)).toEqual([handle]);
    });
  });
});
