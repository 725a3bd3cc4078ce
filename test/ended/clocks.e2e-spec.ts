import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SingleSessionStrategy } from 'nestjs-single-session';
import { Browser, type Reply } from '../support/browser.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { TokenIssuer } from '../jwt-app/token-issuer.js';
import { startChildApp, type ChildApp } from './fixtures/child-app.js';
import { STORAGES, Storages } from './fixtures/storages.js';

/** How far one instance's clock is off. */
const SKEW = 120_000;
/** The second login comes this long after the first, by the real clock. */
const GAP = 3000;
/** Longer than the default recheckInterval, so every instance reads the store again. */
const PAST_RECHECK = 1100;
/** Below SKEW, so an instance ahead by SKEW would see a session seen a moment ago as idle. */
const IDLE_TIMEOUT = 60_000;
const YEAR = 365 * 24 * 3600 * 1000;
const SAME_SECOND_TRIALS = 20;

/** Two instances, A and B, each with its clock moved by `shift[A|B]` ms. */
const SKEWS = [
  { name: 'B 120 s behind A', shiftA: 0, shiftB: -SKEW },
  { name: 'B 120 s ahead of A', shiftA: 0, shiftB: SKEW },
];
const STRATEGIES: SingleSessionStrategy[] = ['evict-oldest', 'reject-new'];
const CASES = SKEWS.flatMap((skew) => STRATEGIES.map((strategy) => ({ ...skew, strategy })));

const show = (reply: Reply) => `${reply.status} ${reply.text}`;

/**
 * Issue 8, item 6 — one clock, one order: which login is the newer, and whether a session is
 * idle, never depends on which instance saw what, whatever their clocks say. Tokens order by
 * their issuer's login time; one from the future is treated as "now"; equal whole-second times
 * are ordered by first sight.
 */
describe('issue 8 item 6: clocks', () => {
  const storages = Storages.forFile();

  describe.each(CASES)('two instances over Redis, $name, $strategy', ({ shiftA, shiftB, strategy }) => {
    let a: ChildApp;
    let b: ChildApp;
    beforeAll(async () => {
      const options = { strategy, idleTimeout: IDLE_TIMEOUT };
      [a, b] = await Promise.all([
        startChildApp({ redisUrl: storages.redis.url, options, clockShiftMs: shiftA }),
        startChildApp({ redisUrl: storages.redis.url, options, clockShiftMs: shiftB }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    it(`a login on A, then one on B ${GAP / 1000} s later: the later login is the newer one`, async () => {
      const first = new Browser(a.url, 'first device');
      const second = new Browser(b.url, 'second device');
      expect(show(await signIn(first, 'alice'))).toMatch(/^200 /);
      expect(show(await first.get('/me'))).toMatch(/^200 /);
      await sleep(GAP);

      const login = await signIn(second, 'alice');
      if (strategy === 'evict-oldest') {
        expect(login.status, `B's login: ${show(login)}`).toBe(200);
        const next = await second.get('/me');
        expect(next.status, `B's next request: ${show(next)}`).toBe(200);
        const older = await first.get('/me');
        expect(older.status, `A's older session: ${show(older)}`).toBe(401);
        expect(older.body.code).toBe('SESSION_EVICTED');
        expect(older.body.reason, `A's older session, active ${GAP / 1000} s ago, is not idle: ${show(older)}`).toBe('newer-login');
        await sleep(PAST_RECHECK);
        expect(show(await second.get('/me'))).toMatch(/^200 /);
        expect(show(await second.via(a.url).get('/me'))).toMatch(/^200 /);
      } else {
        expect(login.status, `B's login: ${show(login)}`).toBe(403);
        expect(login.body.code).toBe('SESSION_LIMIT_REACHED');
        const holder = await first.get('/me');
        expect(holder.status, `A, the holder: ${show(holder)}`).toBe(200);
        await sleep(PAST_RECHECK);
        expect(show(await first.get('/me'))).toMatch(/^200 /);
        expect(show(await first.via(b.url).get('/me'))).toMatch(/^200 /);
      }
    });
  });

  describe.each(STORAGES)('JWT app, whole-second iat (README recipe), %s storage', (storage) => {
    it('a token whose iat is a year in the future does not block a later real login', async () => {
      const app = await storages.jwtApp(storage, {}, { loginTime: 'iat' });
      const issuer = app.app.get(TokenIssuer);
      const future = new TokenClient(app.url).useToken(
        issuer.sign({ sub: 1, username: 'alice', jti: randomUUID(), iat: Math.floor((Date.now() + YEAR) / 1000) }),
      );
      expect(show(await future.get('/me'))).toMatch(/^200 /);
      await sleep(1100);

      const real = new TokenClient(app.url);
      const login = await real.login('alice');
      expect(login.status, `the later real login: ${show(login)}`).toBe(200);
      const next = await real.get('/me');
      expect(next.status, `its next request: ${show(next)}`).toBe(200);
      expect((await future.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    });

    it(`evict-oldest: of two logins in the same second, the later one wins, ${SAME_SECOND_TRIALS} of ${SAME_SECOND_TRIALS} times`, async () => {
      const app = await storages.jwtApp(storage, {}, { loginTime: 'iat' });
      const lost: string[] = [];
      let trials = 0;
      for (let attempt = 0; trials < SAME_SECOND_TRIALS && attempt < SAME_SECOND_TRIALS * 5; attempt++) {
        const second = Math.floor(Date.now() / 1000);
        const earlier = new TokenClient(app.url);
        const later = new TokenClient(app.url);
        const first = await earlier.login('alice');
        const last = await later.login('alice');
        if (Math.floor(Date.now() / 1000) !== second) continue;
        trials++;
        // Each login is also later than every login of the trials before it.
        const laterMe = last.status === 200 ? await later.get('/me') : last;
        const earlierMe = first.status === 200 ? await earlier.get('/me') : first;
        if (laterMe.status !== 200 || earlierMe.status !== 401) {
          lost.push(`trial ${trials}: later login ${laterMe.status} ${laterMe.body?.reason ?? ''}, earlier login ${first.status}, then ${earlierMe.status}`);
        }
      }
      expect(trials).toBe(SAME_SECOND_TRIALS);
      expect(lost.length, `the later login lost: ${lost.slice(0, 3).join('; ')}`).toBe(0);
    });
  });
});
