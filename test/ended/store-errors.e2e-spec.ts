import { describe, expect, it } from 'vitest';
import { Browser, type Reply } from '../support/browser.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { startSessionInstances } from '../redis/fixtures/redis-session-app.js';
import { Storages } from './fixtures/storages.js';

const STORM = 200;
/** Longest wait for the app's Redis client to reconnect after the restart. */
const RECOVER_WITHIN = 10_000;

/** Status (and code) counts, for readable failures. */
function tally(replies: Reply[]): string {
  const counts: Record<string, number> = {};
  for (const reply of replies) {
    const key = `${reply.status}${reply.body?.code ? ` ${reply.body.code}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return JSON.stringify(counts);
}

const unavailable = (replies: Reply[]) => replies.filter((reply) => reply.status === 503).length;

/**
 * Issue 8, item 10 — the tracker API never answers a store failure with a generic 500: it throws
 * the documented, exported error, which reaches HTTP as 503 `SESSION_STORE_UNAVAILABLE`; and
 * `onStoreError: 'deny'` answers 503 only when the store is really failing.
 */
describe('issue 8 item 10: store errors', () => {
  const storages = Storages.forFile();

  describe('Redis storage, Redis killed', () => {
    it.each([
      { call: 'list', method: 'GET', path: '/sessions' },
      { call: 'revokeAll', method: 'POST', path: '/sessions/revoke-all' },
      { call: 'logout', method: 'POST', path: '/logout' },
    ])('tracker.$call() through $method $path answers 503 SESSION_STORE_UNAVAILABLE, not 500', async ({ method, path }) => {
      const app = await storages.jwtApp('redis', { storeTimeout: 300 });
      const client = new TokenClient(app.url);
      expect((await client.login('alice')).status).toBe(200);
      expect((await client.get('/me')).status).toBe(200);
      await storages.redis.kill();
      try {
        const reply = method === 'GET' ? await client.get(path) : await client.post(path);
        expect(reply.status, `${method} ${path} with Redis down: ${reply.text}`).toBe(503);
        expect(reply.body.code).toBe('SESSION_STORE_UNAVAILABLE');
      } finally {
        await storages.redis.restart();
        // Let the app's Redis client reconnect before the app is closed (its QUIT waits for it).
        const deadline = Date.now() + RECOVER_WITHIN;
        while ((await client.get('/sessions')).status !== 200 && Date.now() < deadline) await sleep(100);
      }
    });
  });

  describe('Redis storage, healthy, onStoreError deny', () => {
    it(`a storm of ${STORM} simultaneous logins of one account over two instances, each then loading a page: no 503, for it or for another account`, async () => {
      const instances = await startSessionInstances(storages.redis.url, { onStoreError: 'deny' });
      try {
        const { urls } = instances;
        const bystander = new Browser(urls[0], 'bystander');
        expect((await signIn(bystander, 'bob')).status).toBe(200);

        let storming = true;
        const bystanderReplies: Reply[] = [];
        const watching = (async () => {
          for (let n = 1; storming; n++) {
            bystanderReplies.push(await bystander.via(urls[n % 2]).get('/me'));
            await sleep(10);
          }
        })();
        const logins: Reply[] = [];
        const pages: Reply[] = [];
        await Promise.all(
          Array.from({ length: STORM }, async (_, i) => {
            const device = new Browser(urls[i % 2], `device ${i}`);
            const login = await signIn(device, 'alice');
            logins.push(login);
            if (login.status === 200) pages.push(await device.get('/me'));
          }),
        );
        storming = false;
        await watching;

        expect(unavailable(logins), `the storm's logins: ${tally(logins)}`).toBe(0);
        expect(unavailable(pages), `the storm's next requests: ${tally(pages)}`).toBe(0);
        expect(unavailable(bystanderReplies), `the other account's requests: ${tally(bystanderReplies)}`).toBe(0);
      } finally {
        await instances.close();
      }
    });
  });
});
