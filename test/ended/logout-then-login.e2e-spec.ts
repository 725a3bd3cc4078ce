import { describe, expect, it } from 'vitest';
import { Browser, type Reply } from '../support/browser.js';
import { signIn } from '../session-app/session-client.js';
import { STORAGES, Storages } from './fixtures/storages.js';

const TRIALS = 200;

/** Expects every login of `replies` admitted; lists the first refusals otherwise. */
function expectNoRefusal(replies: Reply[]): void {
  const refused = replies.flatMap((reply, trial) => (reply.status === 200 ? [] : [`trial ${trial}: ${reply.status} ${reply.body?.code ?? reply.text}`]));
  expect(refused.length, `refused logins of ${replies.length}, first: ${refused.slice(0, 3).join('; ')}`).toBe(0);
}

/**
 * Issue 8, item 3 — under `'reject-new'` (one session per account), the place a logout frees is
 * free before the logout's response is sent (README, "Logout"): a login right after it is never
 * refused, in the same browser or another one.
 */
describe('issue 8 item 3: reject-new, a login right after a logout is never refused', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    it(`same browser: ${TRIALS} logout→login trials, 0 refusals`, async () => {
      const app = await storages.sessionApp(storage, { strategy: 'reject-new' });
      const browser = new Browser(app.url);
      expect((await signIn(browser, 'alice')).status).toBe(200);
      const logins: Reply[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        expect((await browser.post('/logout')).status).toBe(200);
        const login = await signIn(browser, 'alice');
        logins.push(login);
        if (login.status !== 200) expect((await signIn(browser, 'alice')).status).toBe(200);
      }
      expectNoRefusal(logins);
    });

    it(`another browser: ${TRIALS} logout→login trials, 0 refusals`, async () => {
      const app = await storages.sessionApp(storage, { strategy: 'reject-new' });
      const devices = [new Browser(app.url, 'laptop'), new Browser(app.url, 'phone')];
      expect((await signIn(devices[0], 'alice')).status).toBe(200);
      const logins: Reply[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const [leaving, arriving] = trial % 2 === 0 ? devices : [devices[1], devices[0]];
        expect((await leaving.post('/logout')).status).toBe(200);
        const login = await signIn(arriving, 'alice');
        logins.push(login);
        if (login.status !== 200) await retryUntilSignedIn(arriving);
      }
      expectNoRefusal(logins);
    });
  });
});

/** After a refused login, signs in again until admitted, so the next trial starts from one holder. */
async function retryUntilSignedIn(browser: Browser): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await signIn(browser, 'alice')).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('a refused login was never admitted afterwards');
}
