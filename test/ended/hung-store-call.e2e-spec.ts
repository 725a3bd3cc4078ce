import { describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { closedAfterTest, STORAGES, Storages } from './fixtures/storages.js';
import { withHangingCache } from './fixtures/hanging-store.js';

const STORE_TIMEOUT = 300;
/** Strict, and a last-seen write on (almost) every request: each request of the account writes to the store. */
const OPTIONS = { onStoreError: 'deny', storeTimeout: STORE_TIMEOUT, recheckInterval: 0, touchInterval: 10 } as const;
const LATER_REQUESTS = 5;

/**
 * Issue 8, item 9 — every store call, queued or not, is time-limited: one call that never
 * answers costs at most its own request; later requests of the account are answered normally
 * (here `onStoreError: 'deny'`, so "normally" means 200, not 503 forever).
 */
describe('issue 8 item 9: one hung store call does not block an account for good', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('the app\'s CacheModule store, %s', (storage) => {
    it('after the hung call, the account\'s later requests and a new login are answered normally; other accounts too', async () => {
      const { module, hang } = withHangingCache(SessionAppModule.with({ ...OPTIONS, maxSessions: Infinity }), storage, storages.redis.url);
      const app = await closedAfterTest(startApp(module));
      const holder = new Browser(app.url, 'holder');
      const other = new Browser(app.url, 'another account');
      expect((await signIn(holder, 'alice')).status).toBe(200);
      expect((await signIn(other, 'bob')).status).toBe(200);
      await sleep(20);
      expect((await holder.get('/me')).status).toBe(200);

      hang.armOnce();
      await sleep(20);
      const caught = await holder.get('/me');
      expect([200, 503]).toContain(caught.status);
      expect(hang.hung, 'one store call was left hanging').toBe(1);

      const later: string[] = [];
      for (let request = 0; request < LATER_REQUESTS; request++) {
        await sleep(20);
        const reply = await holder.get('/me');
        later.push(`${reply.status}${reply.body?.code ? ` ${reply.body.code}` : ''}`);
      }
      expect(later).toEqual(Array(LATER_REQUESTS).fill('200'));
      const login = await signIn(new Browser(app.url, 'new device'), 'alice');
      expect(login.status, `a new login of the account got ${login.text}`).toBe(200);
      expect((await other.get('/me')).status).toBe(200);
    });
  });
});
