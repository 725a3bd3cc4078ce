import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionStoreUnavailableException, SessionTrackerService, type StoreErrorPolicy } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { RedisServer } from '../support/redis-server.js';
import { sleep } from '../session-app/wait.js';
import { LogCapture } from '../support/log-capture.js';
import { watchProcessErrors } from './fixtures/process-errors.js';
import { startJwtInstances } from './fixtures/redis-jwt-app.js';
import { startLoad, type Sample } from './fixtures/request-load.js';
import { bearer, issueToken } from './fixtures/tokens.js';
import type { TrackerClient } from './fixtures/tracker-on-redis.js';

const CLIENTS = 6;
const UP_BEFORE_KILL = 1000;
const DOWN_FOR = 2500;
/** The default recheckInterval: a verdict confirmed just before the kill is trusted this long. */
const RECHECK = 1000;
/** "Within a few seconds" of Redis coming back. */
const RESUME_WITHIN = 5000;
const ANSWER_WITHIN = 2000;

const CASES = (['allow', 'deny'] as StoreErrorPolicy[]).flatMap((onStoreError) =>
  (['default', 'fail-fast'] as TrackerClient[]).map((client) => ({ onStoreError, client })),
);

/**
 * Polls until a new login evicts an older session of the same account again: a new token of
 * `account` is used on one instance, then the `older` one on the other must get 401
 * SESSION_EVICTED. Returns when it happened, or `undefined` past the deadline.
 */
async function newerLoginEvicts([a, b]: string[], account: string, older: string, deadline: number): Promise<number | undefined> {
  while (Date.now() < deadline) {
    const newer = issueToken(account);
    if ((await Browser.at(b).get('/me', bearer(newer))).status === 200) {
      const old = await Browser.at(a).get('/me', bearer(older));
      if (old.status === 401 && old.body.code === 'SESSION_EVICTED') return Date.now();
    }
    await sleep(100);
  }
  return undefined;
}

/** The first few samples of a list, readable in a failure message. */
const timeline = (samples: Sample[], killedAt: number) =>
  samples.slice(0, 5).map((sample) => `${sample.status} ${sample.code ?? ''} at +${sample.start - killedAt} ms after the kill, took ${sample.end - sample.start} ms`);

/**
 * The apps keep no sessions in Redis (stateless passport-jwt tokens), so Redis holds only the
 * tracker's data and what the test measures is this library's behaviour when its store goes away.
 */
describe('the tracker\'s Redis goes away', () => {
  let redis: RedisServer;
  let logs: LogCapture;
  beforeAll(async () => {
    logs = LogCapture.current();
    redis = await RedisServer.start();
  });
  afterAll(() => redis?.stop());
  beforeEach(() => redis.flushAll());

  /**
   * Every load client is the only session of its account, so each of its requests should pass,
   * except where `'deny'` refuses it because the store cannot be asked.
   */
  it.each(CASES)("killed under load, then restarted: onStoreError '$onStoreError', $client tracker client: no crash, answers within 2 s, the policy holds, enforcement resumes", async ({ onStoreError, client }) => {
    const processErrors = watchProcessErrors();
    const instances = await startJwtInstances(redis.url, { onStoreError }, { client });
    try {
      const { urls } = instances;
      const tokens = Array.from({ length: CLIENTS }, (_, i) => issueToken(`load-${i}`));
      for (const token of tokens) expect((await Browser.at(urls[0]).get('/me', bearer(token))).status).toBe(200);
      const older = issueToken('resume-check');
      expect((await Browser.at(urls[0]).get('/me', bearer(older))).status).toBe(200);

      const load = startLoad(urls, tokens);
      await sleep(UP_BEFORE_KILL);
      const killedAt = Date.now();
      await redis.kill();
      await sleep(RECHECK);
      const tracker = instances.apps[0].app.get(SessionTrackerService);
      const registered = tracker.register({ sub: 'register-check' }, { sessionId: randomUUID() });
      const registeredOutcome = await Promise.race([registered.then(() => 'passed', (error: unknown) => error), sleep(ANSWER_WITHIN).then(() => 'hung')]);
      await sleep(DOWN_FOR - RECHECK);
      // The server answers from some moment inside restart(), before it resolves: the outage ends when restart() begins.
      const restartingAt = Date.now();
      await redis.restart();
      const restartedAt = Date.now();
      const resumedAt = await newerLoginEvicts(urls, 'resume-check', older, restartedAt + RESUME_WITHIN);
      await sleep(500);
      load.stop();
      const samples = await load.done;

      expect(processErrors.errors).toEqual([]);
      expect(resumedAt, 'a new login evicts the older session again within a few seconds of the restart').toBeDefined();
      expect(timeline(samples.filter((sample) => sample.end - sample.start >= ANSWER_WITHIN), killedAt)).toEqual([]);
      const down = (sample: Sample) => sample.start >= killedAt + RECHECK + 100 && sample.end <= restartingAt;
      expect(samples.filter(down).length).toBeGreaterThanOrEqual(CLIENTS);
      expect(logs.logged(/session store failed/)).toBe(true);
      if (onStoreError === 'allow') expect(registeredOutcome).toBe('passed');
      else expect(registeredOutcome).toBeInstanceOf(SessionStoreUnavailableException);

      const unexpected = samples.filter((sample) => {
        if (sample.status === 200) return onStoreError === 'deny' && down(sample);
        const unavailable = sample.status === 503 && sample.code === 'SESSION_STORE_UNAVAILABLE';
        return !(onStoreError === 'deny' && unavailable && sample.end >= killedAt && sample.start < resumedAt!);
      });
      expect(timeline(unexpected, killedAt)).toEqual([]);
      for (const url of urls) expect((await Browser.at(url).get('/me', bearer(tokens[0]))).status).toBe(200);
    } finally {
      processErrors.stop();
      await instances.close();
    }
  });

  it.each([
    { onStoreError: 'deny', client: 'default', whileDown: 503 },
    { onStoreError: 'allow', client: 'fail-fast', whileDown: 200 },
  ] as const)("instances started while Redis is down ('$onStoreError', $client client) answer by the policy, then enforce once it is up", async ({ onStoreError, client, whileDown }) => {
    const processErrors = watchProcessErrors();
    await redis.kill();
    const instances = await startJwtInstances(redis.url, { onStoreError }, { client });
    try {
      const { urls } = instances;
      const older = issueToken('late-redis');
      for (const url of urls) {
        const start = Date.now();
        const reply = await Browser.at(url).get('/me', bearer(older));
        expect(Date.now() - start).toBeLessThan(ANSWER_WITHIN);
        expect(reply.status).toBe(whileDown);
      }
      await redis.restart();
      const deadline = Date.now() + RESUME_WITHIN;
      while ((await Browser.at(urls[0]).get('/me', bearer(older))).status !== 200 && Date.now() < deadline) await sleep(100);
      expect(await newerLoginEvicts(urls, 'late-redis', older, deadline)).toBeDefined();
      expect(processErrors.errors).toEqual([]);
    } finally {
      processErrors.stop();
      await redis.restart();
      await instances.close();
    }
  });
});
