import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import session from 'express-session';
import { Browser } from '../support/browser.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import type { Instances } from './fixtures/instances.js';
import { startJwtInstances } from './fixtures/redis-jwt-app.js';
import { startSessionInstances } from './fixtures/redis-session-app.js';
import { bearer, issueToken } from './fixtures/tokens.js';
import { PAST_RECHECK } from './fixtures/recheck.js';
import { TOPOLOGIES, type RedisTopology } from './fixtures/redis-topology.js';

/**
 * FLUSHALL between two logins drops the tracker's data. So that only the tracker's data is lost
 * (and not the sessions themselves, which would trivially sign everyone out), the apps keep
 * their sessions outside Redis: stateless tokens (passport-jwt), or express-sessions in one
 * in-process store shared by both instances. The login time that survives in the token
 * (`auth_time`) or in the server session (the library's stamp) decides, as before the flush.
 */
describe.each(TOPOLOGIES)('Redis flushed between two logins: %s', (_name, start) => {
  let redis: RedisTopology;
  beforeAll(async () => {
    redis = await start();
  });
  afterAll(() => redis?.stop());
  beforeEach(() => redis.flushAll());

  describe('tokens (passport-jwt)', () => {
    let instances: Instances;
    const refused = async (url: string, token: string, code: string) => {
      const reply = await Browser.at(url).get('/me', bearer(token));
      expect(reply.status).toBe(code === 'SESSION_EVICTED' ? 401 : 403);
      expect(reply.body.code).toBe(code);
    };
    const works = async (url: string, token: string) => expect((await Browser.at(url).get('/me', bearer(token))).status).toBe(200);

    describe('evict-oldest', () => {
      beforeAll(async () => {
        instances = await startJwtInstances(redis);
      });
      afterAll(() => instances.close());

      it('the newer login reaches the store first after the flush: the older session is evicted when it comes back', async () => {
        const [a, b] = instances.urls;
        const older = issueToken('alice');
        await works(a, older);
        await redis.flushAll();
        await sleep(5);
        const newer = issueToken('alice');
        await works(b, newer);
        await sleep(PAST_RECHECK);
        await refused(a, older, 'SESSION_EVICTED');
        await refused(b, older, 'SESSION_EVICTED');
        for (const url of instances.urls) await works(url, newer);
      });

      it('the older session reaches the store first after the flush: the newer login evicts it', async () => {
        const [a, b] = instances.urls;
        const older = issueToken('alice');
        await works(a, older);
        await redis.flushAll();
        await sleep(PAST_RECHECK);
        await works(a, older);
        const newer = issueToken('alice');
        await works(b, newer);
        await refused(b, older, 'SESSION_EVICTED');
        await sleep(PAST_RECHECK);
        await refused(a, older, 'SESSION_EVICTED');
        for (const url of instances.urls) await works(url, newer);
      });
    });

    describe('what a flush forgets', () => {
      beforeAll(async () => {
        instances = await startJwtInstances(redis);
      });
      afterAll(() => instances.close());

      it('a token evicted before the flush is let in again, until the newer session of its account is seen again', async () => {
        const [a, b] = instances.urls;
        const older = issueToken('alice');
        await works(a, older);
        await sleep(5);
        const newer = issueToken('alice');
        await works(b, newer);
        await refused(b, older, 'SESSION_EVICTED');
        await redis.flushAll();
        await sleep(PAST_RECHECK);
        await works(a, older);
        await works(b, newer);
        await refused(b, older, 'SESSION_EVICTED');
      });
    });

    describe('reject-new', () => {
      beforeAll(async () => {
        instances = await startJwtInstances(redis, { strategy: 'reject-new' });
      });
      afterAll(() => instances.close());

      it('the session admitted while the store had forgotten keeps the place; the older one, back, is refused', async () => {
        const [a, b] = instances.urls;
        const older = issueToken('alice');
        await works(a, older);
        await redis.flushAll();
        await sleep(5);
        const newer = issueToken('alice');
        await works(b, newer);
        await sleep(PAST_RECHECK);
        await refused(a, older, 'SESSION_LIMIT_REACHED');
        await sleep(PAST_RECHECK);
        for (const url of instances.urls) await works(url, newer);
        await refused(b, older, 'SESSION_LIMIT_REACHED');
      });
    });
  });

  describe('express-sessions in a store outside Redis, shared by both instances', () => {
    let instances: Instances;
    beforeAll(async () => {
      instances = await startSessionInstances(redis, {}, { sessionStore: new session.MemoryStore() });
    });
    afterAll(() => instances?.close());

    it('the newer login still wins: the older session is signed out on its next request, on either instance', async () => {
      const [a, b] = instances.urls;
      const older = new Browser(a);
      const newer = new Browser(b, 'Chrome on Windows');
      expect((await signIn(older, 'alice')).status).toBe(200);
      expect((await older.get('/me')).status).toBe(200);
      await redis.flushAll();
      expect((await signIn(newer, 'alice')).status).toBe(200);
      await sleep(PAST_RECHECK);
      const told = await older.get('/me');
      expect(told.status).toBe(401);
      expect(told.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
      expect((await older.via(b).get('/me')).status).toBe(401);
      for (const url of instances.urls) expect((await newer.via(url).get('/me')).status).toBe(200);
    });
  });
});
