import { describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { USERS } from '../session-app/users.js';
import { SLOW_FOR, SlowController } from './fixtures/slow-routes.js';
import { STORAGES, Storages } from './fixtures/storages.js';

const TRIALS = 10;
/** The demo accounts (one session each under the default maxSessions); one trial per account at a time. */
const ACCOUNTS = USERS.map((user) => user.username);

/** Two ways an in-flight request writes its (stale, signed-in) session back when it ends. */
const WRITE_BACKS = [
  { name: 'express-session resave: true, a slow read-only request', resave: true, path: '/slow/read' },
  { name: 'resave: false, a slow request that writes to the session', resave: false, path: '/slow/write' },
];

/**
 * Issue 8, item 8 — an evicted server session stays signed out even when a request of it was in
 * flight during the eviction and writes the session back when it ends: afterwards the session
 * is anonymous on every route, `@AllowMultiSession()` ones included.
 */
describe('issue 8 item 8: an in-flight request does not revive an evicted server session', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    it.each(WRITE_BACKS)(`$name: the evicted session is anonymous on an @AllowMultiSession() route afterwards, ${TRIALS}/${TRIALS} trials`, async ({ resave, path }) => {
      const app = await storages.sessionApp(storage, {}, { controllers: [SlowController] }, { resave });
      const revived: string[] = [];
      const trial = async (number: number, username: string) => {
        const evicted = new Browser(app.url, `evicted ${number}`);
        const newer = new Browser(app.url, `newer ${number}`);
        expect((await signIn(evicted, username)).status).toBe(200);
        const inFlight = evicted.get(path);
        await sleep(SLOW_FOR / 3);
        expect((await signIn(newer, username)).status).toBe(200);
        // The in-flight request passed the checks before the eviction; what it answers is not the point.
        expect([200, 401]).toContain((await inFlight).status);

        const exempt = await evicted.get('/multi');
        if (exempt.status !== 401) revived.push(`trial ${number}: /multi answered ${exempt.status} ${exempt.text}`);
        expect((await newer.get('/me')).status).toBe(200);
      };
      // Trials of different accounts (one session each) run side by side.
      for (let first = 0; first < TRIALS; first += ACCOUNTS.length) {
        await Promise.all(ACCOUNTS.slice(0, TRIALS - first).map((username, index) => trial(first + index, username)));
      }
      expect(revived.length, `signed in again: ${revived.slice(0, 2).join('; ')}`).toBe(0);
    });
  });
});
