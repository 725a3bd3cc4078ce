import { describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { STORAGES, Storages } from './fixtures/storages.js';

/** A short `ttl` (ms), so that the tracker forgets an unused session within the test. */
const TTL = 1500;
const OPTIONS = { strategy: 'reject-new', ttl: TTL, idleTimeout: TTL, touchInterval: 300, recheckInterval: 200 } as const;

/**
 * Issue 8, item 2 — under `'reject-new'`, a session the tracker had forgotten (unused longer than
 * `ttl`) must not come back and take the place of the session that holds the account now.
 */
describe('issue 8 item 2: reject-new never displaces the active holder with a forgotten session', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    it('the laptop, unused longer than ttl, returns after the phone signed in: the laptop is refused and the phone keeps working', async () => {
      const app = await storages.sessionApp(storage, OPTIONS);
      const laptop = new Browser(app.url, 'laptop');
      const phone = new Browser(app.url, 'phone');
      expect((await signIn(laptop, 'alice')).status).toBe(200);

      await sleep(TTL + 300);
      expect((await signIn(phone, 'alice')).status).toBe(200);
      expect((await phone.get('/me')).status).toBe(200);

      const returning = await laptop.get('/me');
      expect([401, 403], `the forgotten laptop got ${returning.status} ${returning.text}`).toContain(returning.status);
      const holder = await phone.get('/me');
      expect(holder.status, `the phone, which holds the account, got ${holder.status} ${holder.text}`).toBe(200);
      expect((await phone.get('/me')).status).toBe(200);
    });
  });
});
