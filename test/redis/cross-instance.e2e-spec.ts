import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import type { Instances } from './fixtures/instances.js';
import { SESSION_PREFIX, startSessionInstances } from './fixtures/redis-session-app.js';
import { startJwtInstances } from './fixtures/redis-jwt-app.js';
import { bearer, issueToken } from './fixtures/tokens.js';
import { PAST_RECHECK } from './fixtures/recheck.js';
import { TOPOLOGIES, type RedisTopology } from './fixtures/redis-topology.js';

/**
 * Two instances of an app, on two ports, sharing one Redis (a redis-server, or a 3-master
 * Redis Cluster): a login on one instance signs out the older session on both, at once for
 * server sessions and within `recheckInterval` for tokens (at once with `recheckInterval: 0`).
 */
describe.each(TOPOLOGIES)('two instances sharing %s', (_name, start) => {
  let redis: RedisTopology;
  beforeAll(async () => {
    redis = await start();
  });
  afterAll(() => redis?.stop());
  beforeEach(() => redis.flushAll());

  describe('express-sessions in Redis (connect-redis), tracker on the Keyv Redis store', () => {
    let instances: Instances;
    beforeAll(async () => {
      instances = await startSessionInstances(redis);
    });
    afterAll(() => instances?.close());

    it.each([0, 1])('a login on B signs out the session of A in Redis; told SESSION_EVICTED on the instance it reaches first (%i), then refused on both', async (first) => {
      const [a, b] = instances.urls;
      const older = new Browser(a);
      const newer = new Browser(b, 'Chrome on Windows');
      expect((await signIn(older, 'alice')).status).toBe(200);
      expect((await older.get('/me')).status).toBe(200);
      expect((await older.via(b).get('/me')).status).toBe(200);

      expect((await signIn(newer, 'alice')).status).toBe(200);

      const stored = JSON.parse((await redis.get(SESSION_PREFIX + sessionIdOf(older)))!);
      expect(stored.passport).toBeUndefined();
      expect(stored.singleSession.ended).toMatchObject({ reason: 'newer-login', reported: false });

      const told = await older.via(instances.urls[first]).get('/me');
      expect(told.status).toBe(401);
      expect(told.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: 'Chrome on Windows' } });
      expect(told.body.message).toMatch(/signed in on another device/);
      for (const url of instances.urls) {
        const again = await older.via(url).get('/me');
        expect(again.status).toBe(401);
        expect(again.body.code).toBeUndefined();
        expect((await newer.via(url).get('/me')).status).toBe(200);
      }
    });
  });

  describe('tokens (passport-jwt), tracker on the Keyv Redis store', () => {
    it('default recheckInterval: the evicted token is refused on every instance once recheckInterval has passed', async () => {
      const instances = await startJwtInstances(redis);
      try {
        const [a, b] = instances.urls;
        const older = issueToken('alice');
        expect((await Browser.at(a).get('/me', bearer(older))).status).toBe(200);
        await sleep(5);
        const newer = issueToken('alice');
        expect((await Browser.at(b).get('/me', bearer(newer))).status).toBe(200);

        const onB = await Browser.at(b).get('/me', bearer(older));
        expect(onB.status).toBe(401);
        expect(onB.body.code).toBe('SESSION_EVICTED');
        await sleep(PAST_RECHECK);
        const onA = await Browser.at(a).get('/me', bearer(older));
        expect(onA.status).toBe(401);
        expect(onA.body.code).toBe('SESSION_EVICTED');
        for (const url of instances.urls) expect((await Browser.at(url).get('/me', bearer(newer))).status).toBe(200);
      } finally {
        await instances.close();
      }
    });

    it('strict (recheckInterval: 0): the evicted token is refused on the very next request, on every instance', async () => {
      const instances = await startJwtInstances(redis, { recheckInterval: 0 });
      try {
        const [a, b] = instances.urls;
        const older = issueToken('alice');
        expect((await Browser.at(a).get('/me', bearer(older))).status).toBe(200);
        await sleep(5);
        const newer = issueToken('alice');
        expect((await Browser.at(b).get('/me', bearer(newer))).status).toBe(200);
        for (const url of [a, b]) {
          const refused = await Browser.at(url).get('/me', bearer(older));
          expect(refused.status).toBe(401);
          expect(refused.body.code).toBe('SESSION_EVICTED');
        }
      } finally {
        await instances.close();
      }
    });

    it.each([
      { recheckInterval: 1000, reads: (requests: number) => expect(requests).toBeLessThanOrEqual(3) },
      { recheckInterval: 0, reads: (requests: number) => expect(requests).toBeGreaterThanOrEqual(20) },
    ])('recheckInterval $recheckInterval: store reads for a burst of 20 requests of one session', async ({ recheckInterval, reads }) => {
      const instances = await startJwtInstances(redis, { recheckInterval }, { count: 1 });
      try {
        const token = issueToken('alice');
        const client = Browser.at(instances.urls[0]);
        expect((await client.get('/me', bearer(token))).status).toBe(200);
        await redis.resetStats();
        for (let i = 0; i < 20; i++) expect((await client.get('/me', bearer(token))).status).toBe(200);
        const stats = await redis.commandStats();
        reads((stats.evalsha ?? 0) + (stats.eval ?? 0));
      } finally {
        await instances.close();
      }
    });
  });
});
