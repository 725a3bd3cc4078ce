import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import type { Instances } from '../redis/fixtures/instances.js';
import { startSessionInstances } from '../redis/fixtures/redis-session-app.js';
import { TOPOLOGIES, type RedisTopology } from '../redis/fixtures/redis-topology.js';

const ROUNDS = 5;

/**
 * `strategy: 'choose'` on two instances sharing one Redis (a redis-server, or a 3-master Redis
 * Cluster), sessions in Redis through connect-redis: two pending logins, one on each instance,
 * choose the same holder at the same moment.
 */
describe.each(TOPOLOGIES)("'choose' on two instances sharing %s", (_name, start) => {
  let redis: RedisTopology;
  let instances: Instances;
  beforeAll(async () => {
    redis = await start();
    instances = await startSessionInstances(redis, { strategy: 'choose' });
  });
  afterAll(async () => {
    await instances?.close();
    await redis?.stop();
  });
  beforeEach(() => redis.flushAll());

  it(`two pending logins racing for one holder: one takes its place, the limit holds, the other is asked again and is not stuck (${ROUNDS} rounds)`, async () => {
    const [a, b] = instances.urls;
    const tracker = instances.apps[0]!.app.get(SessionTrackerService);
    for (let round = 0; round < ROUNDS; round++) {
      await redis.flushAll();
      const holder = new Browser(a, 'Firefox on Windows');
      const onA = new Browser(a, 'Safari on iPhone');
      const onB = new Browser(b, 'Chrome on Android');
      expect((await signIn(holder, 'alice')).status).toBe(200);
      expect((await signIn(onA, 'alice')).status).toBe(409);
      expect((await signIn(onB, 'alice')).status).toBe(409);
      const holderHandle = tracker.handleOf(sessionIdOf(holder));

      const [fromA, fromB] = await Promise.all([onA.post(`/choice/${holderHandle}`), onB.post(`/choice/${holderHandle}`)]);
      expect([fromA.status, fromB.status].sort()).toEqual([200, 409]);
      const [winner, loser] = fromA.status === 200 ? [onA, onB] : [onB, onA];
      const winnerHandle = tracker.handleOf(sessionIdOf(winner));
      expect((fromA.status === 200 ? fromB : fromA).body.sessions.map((session: { handle: string }) => session.handle)).toEqual([winnerHandle]);

      const [toldOnce, toldAgain] = [await holder.via(a).get('/me'), await holder.via(b).get('/me')];
      expect(toldOnce).toMatchObject({ status: 401, body: { code: 'SESSION_EVICTED', reason: 'replaced' } });
      expect(toldAgain.status).toBe(401);
      expect(toldAgain.body.code).toBeUndefined();
      for (const url of instances.urls) {
        expect((await winner.via(url).get('/me')).status).toBe(200);
        expect((await loser.via(url).get('/me')).status).toBe(409);
      }
      expect((await tracker.list(1)).map((session) => session.handle)).toEqual([winnerHandle]);

      expect((await loser.post(`/choice/${winnerHandle}`)).status).toBe(200);
      for (const url of instances.urls) {
        expect((await loser.via(url).get('/me')).status).toBe(200);
        expect((await winner.via(url).get('/me')).status).toBe(401);
      }
    }
  });

  it('the replaced holder is told why on the instance it reaches first: 401 SESSION_EVICTED, reason replaced, by the device that chose', async () => {
    const [a, b] = instances.urls;
    const holder = new Browser(a, 'Firefox on Windows');
    const pending = new Browser(b, 'Safari on iPhone');
    await signIn(holder, 'alice');
    await signIn(pending, 'alice');
    const holderHandle = instances.apps[1]!.app.get(SessionTrackerService).handleOf(sessionIdOf(holder));
    expect((await pending.post(`/choice/${holderHandle}`)).status).toBe(200);
    const told = await holder.get('/me');
    expect(told.status).toBe(401);
    expect(told.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'replaced', by: { userAgent: 'Safari on iPhone' } });
  });
});
