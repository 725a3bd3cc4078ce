import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser, type Reply } from '../support/browser.js';
import { RedisServer } from '../support/redis-server.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import type { Instances } from './fixtures/instances.js';
import { LogCapture } from '../support/log-capture.js';
import { startJwtInstances } from './fixtures/redis-jwt-app.js';
import { SESSION_PREFIX, startSessionInstances } from './fixtures/redis-session-app.js';
import { bearer, issueToken, signRaw } from './fixtures/tokens.js';
import { PAST_RECHECK } from './fixtures/recheck.js';

/** Asks every instance for `/me` with `headers`; never a 500. */
async function onEvery(urls: string[], headers: Record<string, string>, browser?: Browser): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const url of urls) replies.push(await (browser ? browser.via(url) : Browser.at(url)).get('/me', headers));
  for (const reply of replies) expect(reply.status).not.toBe(500);
  return replies;
}

const statuses = (replies: Reply[]) => replies.map((reply) => reply.status);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Hostile and broken input, on two instances sharing Redis: odd account ids, malformed claims,
 * forged, tampered, expired and replayed credentials, and a `maxSessions` function that fails.
 * Nothing of it may turn into a 500, nor touch the session of a bystander account.
 */
describe('bad input', () => {
  let redis: RedisServer;
  let logs: LogCapture;
  beforeAll(async () => {
    logs = LogCapture.current();
    redis = await RedisServer.start();
  });
  afterAll(() => redis?.stop());

  describe('tokens (passport-jwt)', () => {
    let instances: Instances;
    const bystander = issueToken('bystander');
    beforeAll(async () => {
      instances = await startJwtInstances(redis.url);
      expect(statuses(await onEvery(instances.urls, bearer(bystander)))).toEqual([200, 200]);
    });
    afterEach(async () => {
      expect(statuses(await onEvery(instances.urls, bearer(bystander)))).toEqual([200, 200]);
    });
    afterAll(() => instances?.close());

    const ODD_IDS: unknown[] = ['a:b', 'a', 'a%3Ab', '*', 'a*', 'with space', ' ', 'ünïcödé 用户 🙂', '__proto__', 'x'.repeat(10_000), 7];

    it("ids with ':', '*', spaces, unicode, 10 kB of text, a number: each its own account, short keys in one slot each", async () => {
      const [a, b] = instances.urls;
      const keysBefore = await redis.use((client) => client.keys('*'));
      const first = ODD_IDS.map((id) => issueToken(id));
      for (const token of first) expect(statuses(await onEvery([a, b], bearer(token)))).toEqual([200, 200]);
      await sleep(5);
      const second = ODD_IDS.map((id) => issueToken(id));
      for (const token of second) expect(statuses(await onEvery([b], bearer(token)))).toEqual([200]);
      await sleep(PAST_RECHECK);
      for (const [i, token] of first.entries()) {
        const replies = await onEvery([a, b], bearer(token));
        expect(replies.map((reply) => reply.body.code), `first login of ${String(ODD_IDS[i]).slice(0, 20)}`).toEqual(['SESSION_EVICTED', 'SESSION_EVICTED']);
      }
      for (const token of second) expect(statuses(await onEvery([a, b], bearer(token)))).toEqual([200, 200]);

      const added = (await redis.use((client) => client.keys('*'))).filter((key) => !keysBefore.includes(key));
      const accounts = new Set(added.map((key) => /^\{[^{}]+\}/.exec(key)?.[0]));
      expect(accounts.size).toBe(ODD_IDS.length);
      expect(accounts.has(undefined)).toBe(false);
      for (const key of added) expect(key.length).toBeLessThanOrEqual(200);
    });

    it('a number and its string are one account (a documented decision): 42 then "42" evicts the first', async () => {
      const [a, b] = instances.urls;
      const asNumber = issueToken(42);
      expect(statuses(await onEvery([a], bearer(asNumber)))).toEqual([200]);
      await sleep(5);
      expect(statuses(await onEvery([b], bearer(issueToken('42'))))).toEqual([200]);
      await sleep(PAST_RECHECK);
      expect((await onEvery([a, b], bearer(asNumber))).map((reply) => reply.body.code)).toEqual(['SESSION_EVICTED', 'SESSION_EVICTED']);
    });

    it.each([
      ['no sub', { sub: undefined }],
      ['a null sub', { sub: null }],
      ['an empty sub', { sub: '' }],
      ['an object sub', { sub: { id: 'bystander' } }],
      ['an array sub naming another account', { sub: ['bystander'] }],
      ['a boolean sub', { sub: true }],
    ])('a signed token with %s passes unchecked, with a clear log line, and touches nobody', async (_, claims) => {
      const token = issueToken('ignored', claims);
      expect(statuses(await onEvery(instances.urls, bearer(token)))).toEqual([200, 200]);
      expect(statuses(await onEvery(instances.urls, bearer(token)))).toEqual([200, 200]);
      expect(logs.logged(/Could not read an account id from req.user/)).toBe(true);
    });

    it.each([
      ['no sid nor jti', { sid: undefined }],
      ['a numeric sid', { sid: 12345 }],
      ['an empty sid', { sid: '' }],
      ['an object sid', { sid: { id: 1 } }],
    ])('a signed token with %s passes unchecked, with a clear log line', async (_, claims) => {
      expect(statuses(await onEvery(instances.urls, bearer(issueToken(`no-sid-${randomUUID()}`, claims))))).toEqual([200, 200]);
      expect(logs.logged(/has no session id/)).toBe(true);
    });

    it.each([
      ['a 10 kB sid', { sid: 's'.repeat(10_000) }],
      ['a text auth_time', { auth_time: 'yesterday' }],
      ['a negative auth_time', { auth_time: -5 }],
      ['an absurdly late auth_time', { auth_time: 1e20 }],
    ])('a signed token with %s is tracked like any other', async (_, claims) => {
      const [a, b] = instances.urls;
      const odd = issueToken(`odd-claims-${randomUUID()}`, claims);
      expect(statuses(await onEvery([a, b], bearer(odd)))).toEqual([200, 200]);
      expect(statuses(await onEvery([a, b], bearer(odd)))).toEqual([200, 200]);
    });

    it('forged, tampered, alg-none, expired and garbage tokens are refused by passport-jwt, never a 500', async () => {
      const genuine = issueToken('mallory');
      const [header, , signature] = genuine.split('.');
      const claims = { sub: 'bystander', sid: randomUUID(), auth_time: Date.now() / 1000, iat: Math.floor(Date.now() / 1000) };
      const attempts = [
        signRaw(claims, 'not-the-secret'),
        `${header}.${base64url(claims)}.${signature}`,
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
        issueToken('mallory', { exp: Math.floor(Date.now() / 1000) - 60 }),
        'garbage',
        `${genuine}x`,
      ];
      for (const token of attempts) {
        for (const reply of await onEvery(instances.urls, bearer(token))) {
          expect(reply.status).toBe(401);
          expect(reply.body.code).toBeUndefined();
        }
      }
    });

    it('an evicted token replayed again and again, on both instances, stays refused', async () => {
      const [a, b] = instances.urls;
      const older = issueToken('replayer');
      expect(statuses(await onEvery([a], bearer(older)))).toEqual([200]);
      await sleep(5);
      expect(statuses(await onEvery([b], bearer(issueToken('replayer'))))).toEqual([200]);
      await sleep(PAST_RECHECK);
      for (let i = 0; i < 3; i++) {
        expect((await onEvery([a, b], bearer(older))).map((reply) => reply.body.code)).toEqual(['SESSION_EVICTED', 'SESSION_EVICTED']);
      }
    });
  });

  describe('session cookies (express-session in Redis)', () => {
    let instances: Instances;
    let bystander: Browser;
    beforeAll(async () => {
      instances = await startSessionInstances(redis.url);
      bystander = new Browser(instances.urls[0]);
      expect((await signIn(bystander, 'bob')).status).toBe(200);
    });
    afterEach(async () => {
      expect(statuses(await onEvery(instances.urls, {}, bystander))).toEqual([200, 200]);
    });
    afterAll(() => instances?.close());

    /** A browser signed in as `username` on the first instance. */
    async function signedIn(username: string): Promise<Browser> {
      const browser = new Browser(instances.urls[0]);
      expect((await signIn(browser, username)).status).toBe(200);
      return browser;
    }

    /** `/me` with exactly this cookie header, from a browser that has nothing else. */
    const withCookie = (cookie: string) => onEvery(instances.urls, { cookie });

    it("users 'a:b' and 'a' are separate accounts", async () => {
      const colon = await signedIn('colon');
      const plain = await signedIn('plain-a');
      expect(statuses(await onEvery(instances.urls, {}, colon))).toEqual([200, 200]);
      expect(statuses(await onEvery(instances.urls, {}, plain))).toEqual([200, 200]);
    });

    it('forged and tampered cookies are anonymous visitors: 401 from the app, the real session untouched', async () => {
      const alice = await signedIn('alice');
      const cookie = alice.cookieHeader();
      const [, id, signature] = /connect\.sid=s%3A([^.]+)\.(.+)$/.exec(cookie)!;
      const flip = (text: string) => text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
      const attempts = [
        `connect.sid=s%3A${randomUUID()}.${'A'.repeat(43)}`,
        `connect.sid=${id}`,
        `connect.sid=s%3A${id}.${flip(signature)}`,
        `connect.sid=s%3A${flip(id)}.${signature}`,
        `connect.sid=${'%'.repeat(50)}`,
        `connect.sid=s%3A${'x'.repeat(4000)}.${signature}`,
      ];
      for (const attempt of attempts) {
        for (const reply of await withCookie(attempt)) {
          expect(reply.status).toBe(401);
          expect(reply.body.code).toBeUndefined();
        }
      }
      expect(statuses(await onEvery(instances.urls, {}, alice))).toEqual([200, 200]);
    });

    it('an expired session is an anonymous visitor; signing in again works', async () => {
      const alice = await signedIn('alice');
      await redis.use((client) => client.pExpire(SESSION_PREFIX + sessionIdOf(alice), 1));
      await sleep(20);
      for (const reply of await onEvery(instances.urls, {}, alice)) {
        expect(reply.status).toBe(401);
        expect(reply.body.code).toBeUndefined();
      }
      const again = await signedIn('alice');
      expect(statuses(await onEvery(instances.urls, {}, again))).toEqual([200, 200]);
    });

    it('the cookie of an evicted session, replayed from elsewhere, never works again', async () => {
      const [a, b] = instances.urls;
      const older = await signedIn('alice');
      const newer = new Browser(b);
      expect((await signIn(newer, 'alice')).status).toBe(200);
      for (let i = 0; i < 3; i++) {
        for (const reply of await withCookie(older.cookieHeader())) expect(reply.status).toBe(401);
      }
      expect(statuses(await onEvery([a, b], {}, newer))).toEqual([200, 200]);
    });

    it('the cookie of a logged-out session, replayed, never works again', async () => {
      const alice = await signedIn('alice');
      const stolen = alice.cookieHeader();
      expect((await alice.post('/logout')).status).toBe(200);
      for (const reply of await withCookie(stolen)) expect(reply.status).toBe(401);
    });
  });

  describe('a maxSessions function that throws or returns nonsense', () => {
    const bystander = issueToken('bystander');
    const MISBEHAVIOURS: [string, () => unknown, RegExp][] = [
      ['throws', () => { throw new Error('plan service down'); }, /maxSessions function threw \(Error: plan service down\)/],
      ['rejects', () => Promise.reject(new Error('plan service down')), /maxSessions function threw/],
      ['returns NaN', () => NaN, /maxSessions function returned NaN/],
      ['returns 0', () => 0, /maxSessions function returned 0/],
      ['returns -1', () => -1, /maxSessions function returned -1/],
      ['returns 1.5', () => 1.5, /maxSessions function returned 1.5/],
      ['returns a string', () => '2', /maxSessions function returned 2/],
      ['returns null', () => null, /maxSessions function returned null/],
      ['returns undefined', () => undefined, /maxSessions function returned undefined/],
      ['returns an object', () => ({ limit: 'one' }), /maxSessions function returned \[object Object\]/],
      ['returns limits per class with no deviceClass option', () => ({ web: 1 }), /limits per device class, but the deviceClass option is not set/],
    ];

    it.each(MISBEHAVIOURS)('that %s: its account passes unchecked with a clear log line; other accounts are still enforced', async (_, misbehave, logLine) => {
      const maxSessions = (user: { sub?: unknown }) => (user.sub === 'odd-plan' ? misbehave() : 1) as number;
      const instances = await startJwtInstances(redis.url, { maxSessions, recheckInterval: 0 });
      try {
        const [a, b] = instances.urls;
        const oddPlan = [issueToken('odd-plan'), issueToken('odd-plan')];
        for (const token of oddPlan) expect(statuses(await onEvery([a, b], bearer(token)))).toEqual([200, 200]);
        expect(logs.logged(logLine)).toBe(true);

        const regular = issueToken('regular');
        expect(statuses(await onEvery([a], bearer(regular)))).toEqual([200]);
        await sleep(5);
        expect(statuses(await onEvery([b], bearer(issueToken('regular'))))).toEqual([200]);
        expect((await onEvery([a, b], bearer(regular))).map((reply) => reply.body.code)).toEqual(['SESSION_EVICTED', 'SESSION_EVICTED']);
        expect(statuses(await onEvery([a, b], bearer(bystander)))).toEqual([200, 200]);
      } finally {
        await instances.close();
      }
    });
  });
});
