import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Admission, AdmissionResult, AdmissionRule, SessionStorage } from 'nestjs-single-session';

/** A storage under test, and how to wipe everything it holds. */
export interface StorageUnderTest {
  storage: SessionStorage;
  /** Deletes everything the storage holds (a FLUSHALL, a new map). */
  wipe(): Promise<void>;
  /** Releases connections and servers. */
  close?(): Promise<void>;
}

/** Times of the rule used by the suite (ms): short, so that idleness and expiry can be waited for. */
const RULE: AdmissionRule = { limit: 1, strategy: 'evict-oldest', idleTimeout: 400, ttl: 800, touchInterval: 100, choiceTimeout: 300 };
const LONG = 3_600_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The conformance suite of `SessionStorage`: the exact semantics of its JSDoc, checked through
 * the three methods only. Run it against any storage — a custom one too:
 *
 * ```ts
 * describeStorageConformance('my Postgres storage', async () => ({ storage: new PgSessionStorage(pool), wipe: () => truncateTables(pool) }));
 * ```
 */
export function describeStorageConformance(name: string, create: () => Promise<StorageUnderTest>): void {
  describe(`SessionStorage conformance: ${name}`, () => {
    let subject: StorageUnderTest;
    let counter = 0;
    let key: string;

    beforeEach(async () => {
      subject ??= await create();
      key = `conformance:account:${++counter}:${Date.now()}`;
    });
    afterAll(async () => subject?.close?.());

    const admit = (handle: string, admission: Partial<Admission> = {}, rule: Partial<AdmissionRule> = {}): Promise<AdmissionResult> =>
      subject.storage.admit(key, { handle, login: true, expiresAt: Date.now() + LONG, ...admission }, { ...RULE, ...rule });
    const visit = (handle: string, admission: Partial<Admission> = {}, rule: Partial<AdmissionRule> = {}) => admit(handle, { login: false, ...admission }, rule);
    const end = (select: Parameters<SessionStorage['end']>[1]['select'], reason: 'revoked' | 'logout' = 'revoked') =>
      subject.storage.end(key, { select, reason, unknownLifetime: LONG, ttl: RULE.ttl });

    describe('admit', () => {
      it('registers a first login with the given login time, seq 1 and the store\'s clock', async () => {
        const result = await admit('a', { loginAt: 1000, sid: 'raw-a', ip: '10.0.0.1', userAgent: 'Firefox' });
        expect(result).toMatchObject({ registered: true, clampedLoginAt: false, ended: [] });
        expect(result.notice).toBeUndefined();
        expect(result.session).toMatchObject({ loginAt: 1000, seq: 1, sid: 'raw-a', ip: '10.0.0.1', userAgent: 'Firefox' });
        expect(result.session!.lastSeenAt).toBe(result.now);
        expect(Math.abs(result.now - Date.now())).toBeLessThan(2000);
      });

      it('uses the store\'s clock for a login without a time, and for one too far in the future', async () => {
        const plain = await admit('a', {}, { limit: 2 });
        expect(plain.session!.loginAt).toBe(plain.now);
        const future = await admit('b', { loginAt: Date.now() + 365 * 86_400_000 }, { limit: 2 });
        expect(future.clampedLoginAt).toBe(true);
        expect(future.session!.loginAt).toBe(future.now);
      });

      it('a later request of a held session changes neither its login time nor its seq, and touches it only after touchInterval', async () => {
        const first = await admit('a', { loginAt: 1000 });
        const again = await visit('a', { loginAt: 5000, userAgent: 'Other' });
        expect(again.registered).toBe(false);
        expect(again.session).toEqual(first.session);
        await sleep(RULE.touchInterval + 20);
        const touched = await visit('a', { userAgent: 'Other' });
        expect(touched.session).toMatchObject({ loginAt: 1000, seq: 1, userAgent: 'Other' });
        expect(touched.session!.lastSeenAt).toBe(touched.now);
      });

      it('evict-oldest: a newer login ends the older session, telling it who took its place', async () => {
        await admit('old', { loginAt: 1000, sid: 'raw-old' });
        const newer = await admit('new', { loginAt: 2000, userAgent: 'Safari' });
        expect(newer.session).toMatchObject({ loginAt: 2000, seq: 2 });
        expect(newer.ended).toEqual([{ handle: 'old', sid: 'raw-old', expiresAt: expect.any(Number), notice: { reason: 'newer-login', endedAt: newer.now, by: { loginAt: 2000, userAgent: 'Safari' } } }]);
        const old = await visit('old', { loginAt: 1000 });
        expect(old).toMatchObject({ registered: false, notice: { reason: 'newer-login' }, ended: [] });
        expect(old.session).toBeUndefined();
      });

      it('evict-oldest: a session that logged in earlier than the holder loses at once', async () => {
        await admit('holder', { loginAt: 2000 });
        const late = await visit('stale', { loginAt: 1000 });
        expect(late.registered).toBe(true);
        expect(late.notice).toMatchObject({ reason: 'newer-login', by: { loginAt: 2000 } });
        expect(Object.keys(await subject.storage.list(key, RULE.ttl))).toEqual(['holder']);
      });

      it('evict-oldest: equal login times are ordered by first sight', async () => {
        await admit('first', { loginAt: 1000 });
        const second = await admit('second', { loginAt: 1000 });
        expect(second.session).toBeDefined();
        expect(second.ended.map((entry) => entry.handle)).toEqual(['first']);
      });

      it('reject-new: a login while the account is full is refused and stays refused; the holder keeps its place', async () => {
        const rule = { strategy: 'reject-new' as const };
        await admit('holder', {}, rule);
        const refused = await admit('new', { loginAt: Date.now() + 1000 }, rule);
        expect(refused.notice).toEqual({ reason: 'limit', endedAt: refused.now });
        expect(refused.ended).toEqual([{ handle: 'new', expiresAt: expect.any(Number), notice: refused.notice }]);
        expect((await visit('new', {}, rule)).notice).toMatchObject({ reason: 'limit' });
        expect((await visit('holder', {}, rule)).session).toBeDefined();
      });

      it('reject-new: a forgotten session that comes back counts as new and does not displace the holder', async () => {
        const rule = { strategy: 'reject-new' as const };
        await admit('laptop', { loginAt: 1000 }, rule);
        await sleep(RULE.ttl + 50);
        expect((await admit('phone', {}, rule)).session).toBeDefined();
        const laptop = await visit('laptop', { loginAt: 1000 }, rule);
        expect(laptop.notice).toMatchObject({ reason: 'limit' });
        expect((await visit('phone', {}, rule)).session).toBeDefined();
      });

      it('serves idle sessions last: an idle holder gives its place and is told why', async () => {
        for (const strategy of ['reject-new', 'evict-oldest'] as const) {
          key = `${key}:${strategy}`;
          await admit('idle', { loginAt: Date.now() + 3000, userAgent: 'Old' }, { strategy });
          await sleep(RULE.idleTimeout + 50);
          const fresh = await admit('fresh', { loginAt: Date.now(), userAgent: 'New' }, { strategy });
          expect(fresh.session).toBeDefined();
          expect(fresh.ended).toEqual([{ handle: 'idle', expiresAt: expect.any(Number), notice: { reason: 'idle', endedAt: fresh.now, by: { loginAt: fresh.session!.loginAt, userAgent: 'New' } } }]);
        }
      });

      it('keeps `limit` sessions and ends the rest in one call when the limit drops', async () => {
        for (const handle of ['a', 'b', 'c']) await admit(handle, { loginAt: handle.charCodeAt(0) }, { limit: 3 });
        const result = await visit('c', {}, { limit: 1 });
        expect(result.session).toBeDefined();
        expect(result.ended.map((entry) => entry.handle).sort()).toEqual(['a', 'b']);
      });

      it('a login with an ended id is admitted again as a new session (same-id re-login)', async () => {
        await admit('a', { loginAt: 1000 });
        await admit('b', { loginAt: 2000 });
        expect((await visit('a')).notice).toBeDefined();
        const again = await admit('a', { loginAt: 3000 });
        expect(again.session).toMatchObject({ loginAt: 3000, seq: 3 });
        expect(again.ended.map((entry) => entry.handle)).toEqual(['b']);
      });

      it('is atomic: 30 simultaneous logins leave exactly `limit` holders, the newest', async () => {
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => admit(`s${i}`, { loginAt: 1000 + i }, { limit: 3 })));
        const live = await subject.storage.list(key, RULE.ttl);
        expect(Object.keys(live).sort()).toEqual(['s27', 's28', 's29']);
        const endedOnce = results.flatMap((result) => result.ended.map((entry) => entry.handle));
        expect(new Set(endedOnce).size).toBe(endedOnce.length);
        expect(endedOnce.length).toBe(27);
      });
    });

    describe('end', () => {
      it('ends live sessions by handle and returns them with their sid; they stay ended', async () => {
        await admit('a', { sid: 'raw-a' }, { limit: 2 });
        const ended = await end({ handles: ['a'] }, 'logout');
        expect(ended).toEqual([{ handle: 'a', sid: 'raw-a', expiresAt: expect.any(Number), notice: { reason: 'logout', endedAt: expect.any(Number) } }]);
        expect((await visit('a')).notice).toMatchObject({ reason: 'logout' });
      });

      it('keeps a notice for a handle it does not hold, unless onlyLive', async () => {
        expect(await end({ handles: ['unseen'] }, 'logout')).toEqual([]);
        expect((await visit('unseen')).notice).toMatchObject({ reason: 'logout' });
        expect(await end({ handles: ['other'], onlyLive: true })).toEqual([]);
        expect((await visit('other')).session).toBeDefined();
      });

      it('all: ends every live session and every token logged in before it, but not later logins', async () => {
        for (const handle of ['a', 'b', 'c']) await admit(handle, { loginAt: Date.now() - 10 }, { limit: Infinity });
        const ended = await end({ all: true });
        expect(ended.map((entry) => entry.handle).sort()).toEqual(['a', 'b', 'c']);
        expect(await subject.storage.list(key, RULE.ttl)).toEqual({});
        expect((await visit('a', {}, { limit: Infinity })).notice).toMatchObject({ reason: 'revoked' });
        expect((await visit('unseen-older', { loginAt: Date.now() - 60_000 }, { limit: Infinity })).notice).toMatchObject({ reason: 'revoked' });
        expect((await admit('later', {}, { limit: Infinity })).session).toBeDefined();
        expect((await visit('later', {}, { limit: Infinity })).session).toBeDefined();
      });

      it('all but one: the kept session stays, ranked after the mark', async () => {
        await admit('keep', { loginAt: 1000 }, { limit: 3 });
        await admit('other', { loginAt: 2000 }, { limit: 3 });
        expect((await end({ all: true, except: 'keep' })).map((entry) => entry.handle)).toEqual(['other']);
        expect((await visit('keep', {}, { limit: 3 })).session).toMatchObject({ loginAt: 1000 });
        expect((await visit('other', {}, { limit: 3 })).notice).toMatchObject({ reason: 'revoked' });
      });

      it('no count cap: after revokeAll of 100 sessions and 64 login/logout cycles, none works again', async () => {
        const rule = { limit: Infinity };
        for (let i = 0; i < 100; i++) await admit(`t${i}`, { loginAt: Date.now() - 1000 }, rule);
        await end({ all: true });
        await admit('t-kept', {}, rule);
        await end({ all: true, except: 'other' });
        for (let i = 0; i < 64; i++) {
          await admit(`cycle${i}`, {}, rule);
          await end({ handles: [`cycle${i}`] }, 'logout');
        }
        const back = await Promise.all(Array.from({ length: 100 }, (_, i) => visit(`t${i}`, { loginAt: Date.now() - 1000 }, rule)));
        expect(back.filter((result) => result.session).length).toBe(0);
        expect((await visit('t-kept', {}, rule)).notice).toBeDefined();
      });
    });

    describe('time', () => {
      it('forgets a session unseen for ttl (no notice): it is gone from the list and registers again', async () => {
        await admit('a', { loginAt: 1000 });
        await sleep(RULE.ttl + 50);
        expect(await subject.storage.list(key, RULE.ttl)).toEqual({});
        const back = await visit('a', { loginAt: 1000 });
        expect(back).toMatchObject({ registered: true, session: { loginAt: 1000 } });
      });

      it('keeps a notice until the session\'s expiresAt, past ttl, then forgets it', async () => {
        await admit('a', { loginAt: 1000, expiresAt: Date.now() + RULE.ttl * 2 });
        await admit('b', { loginAt: 2000 });
        await sleep(RULE.ttl + 100);
        expect((await visit('a', { loginAt: 1000 })).notice).toMatchObject({ reason: 'newer-login' });
        await sleep(RULE.ttl);
        expect((await visit('a', { loginAt: 1000 })).registered).toBe(true);
      });
    });

    it('after a wipe, answers as for an account never seen', async () => {
      await admit('a', { loginAt: 1000 });
      await end({ all: true });
      await subject.wipe();
      expect(await subject.storage.list(key, RULE.ttl)).toEqual({});
      expect(await visit('a', { loginAt: 1000 })).toMatchObject({ registered: true, session: { seq: 1 } });
    });
  });
}
