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
/** The suite's rule under `'choose'`: pending sessions wait long enough for a few calls on a busy machine. */
const CHOOSE = { strategy: 'choose', choiceTimeout: 600 } as const;
const LONG = 3_600_000;
/** Limits per device class used by the suite. */
const PER_CLASS = { web: 1, mobile: 1 };
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
    const list = () => subject.storage.list(key, RULE.ttl);
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

      it('keeps an empty sid, ip or user agent as given, distinct from none', async () => {
        const result = await admit('a', { sid: '', ip: '', userAgent: '' });
        expect(result.session).toMatchObject({ sid: '', ip: '', userAgent: '' });
        expect((await list()).a).toMatchObject({ sid: '', ip: '', userAgent: '' });
        const bare = await admit('b', { loginAt: Date.now() + 1000 });
        expect(Object.keys(bare.session!).sort()).toEqual(['expiresAt', 'lastSeenAt', 'loginAt', 'seq']);
        expect(bare.ended).toEqual([{ handle: 'a', sid: '', expiresAt: expect.any(Number), notice: { reason: 'newer-login', endedAt: bare.now, by: { loginAt: bare.session!.loginAt } } }]);
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

      it('serves idle sessions last: an idle holder gives its place and is told why (under choose, the new login does not wait)', async () => {
        for (const strategy of ['reject-new', 'evict-oldest', 'choose'] as const) {
          key = `${key}:${strategy}`;
          await admit('idle', { loginAt: Date.now() + 3000, userAgent: 'Old' }, { strategy });
          await sleep(RULE.idleTimeout + 50);
          const fresh = await admit('fresh', { loginAt: Date.now(), userAgent: 'New' }, { strategy });
          expect(fresh.session).toBeDefined();
          expect(fresh.session!.pendingUntil).toBeUndefined();
          expect(fresh.promoted).toBeUndefined();
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

    describe('choose', () => {
      it('a login while the account is full waits (pendingUntil = now + choiceTimeout); the holder keeps its place; it is listed, and found waiting again', async () => {
        const holder = await admit('holder', { userAgent: 'Firefox' }, CHOOSE);
        const pending = await admit('new', { userAgent: 'Safari' }, CHOOSE);
        expect(pending).toMatchObject({ registered: true, clampedLoginAt: false, ended: [] });
        expect(pending.notice).toBeUndefined();
        expect(pending.promoted).toBeUndefined();
        expect(pending.session).toEqual({ loginAt: pending.now, seq: 2, lastSeenAt: pending.now, expiresAt: expect.any(Number), userAgent: 'Safari', pendingUntil: pending.now + CHOOSE.choiceTimeout });
        const again = await visit('new', {}, CHOOSE);
        expect(again).toMatchObject({ registered: false, ended: [], session: { seq: 2, pendingUntil: pending.now + CHOOSE.choiceTimeout } });
        expect(again.promoted).toBeUndefined();
        const third = await admit('third', {}, CHOOSE);
        expect(third.session).toMatchObject({ seq: 3, pendingUntil: third.now + CHOOSE.choiceTimeout });
        const stays = await visit('holder', {}, CHOOSE);
        expect(stays).toMatchObject({ ended: [], session: { seq: 1, userAgent: 'Firefox' } });
        expect(stays.session!.pendingUntil).toBeUndefined();
        const live = await list();
        expect(Object.keys(live).sort()).toEqual(['holder', 'new', 'third']);
        expect(live.new).toEqual(again.session);
        expect(live.holder).toEqual(stays.session);
        expect(holder.session!.pendingUntil).toBeUndefined();
      });

      it('past a lowered limit, active holders wait (pending) instead of being refused; a session that chooses takes its place first', async () => {
        const wide = { ...CHOOSE, limit: 3 };
        for (const handle of ['h1', 'h2', 'h3']) await admit(handle, {}, wide);
        const pending = await admit('p', {}, wide);
        expect(pending.session!.pendingUntil).toBeDefined();
        const chosen = await visit('p', { replace: 'h1' }, CHOOSE);
        expect(chosen).toMatchObject({ promoted: true });
        expect(chosen.ended.map((entry) => [entry.handle, entry.notice.reason])).toEqual([['h1', 'replaced']]);
        const live = await list();
        expect(Object.keys(live).sort()).toEqual(['h2', 'h3', 'p']);
        expect(live.p!.pendingUntil).toBeUndefined();
        expect([live.h2!.pendingUntil, live.h3!.pendingUntil]).toEqual([chosen.now + CHOOSE.choiceTimeout, chosen.now + CHOOSE.choiceTimeout]);
        expect((await visit('h2', {}, CHOOSE)).session!.pendingUntil).toBeDefined();
        expect((await visit('p', {}, CHOOSE)).session!.pendingUntil).toBeUndefined();
      });

      it('with no limit (Infinity) a call only reads: a pending session stays pending, even when it names a holder, and nothing is ranked', async () => {
        await admit('holder', {}, CHOOSE);
        const pending = await admit('new', {}, CHOOSE);
        const read = await visit('new', { replace: 'holder' }, { ...CHOOSE, limit: Infinity });
        expect(read).toMatchObject({ registered: false, ended: [], session: { pendingUntil: pending.session!.pendingUntil } });
        expect(read.promoted).toBeUndefined();
        expect((await visit('holder', {}, CHOOSE)).session).toBeDefined();
        expect((await visit('new', {}, CHOOSE)).session!.pendingUntil).toBe(pending.session!.pendingUntil);
      });

      it('a pending session that chooses the holder ends it (replaced, by the chooser) and holds the account; the holder is told', async () => {
        await admit('holder', { sid: 'raw-holder' }, CHOOSE);
        await admit('new', { loginAt: 5000, userAgent: 'Safari' }, CHOOSE);
        const chosen = await visit('new', { replace: 'holder' }, CHOOSE);
        expect(chosen).toMatchObject({ registered: false, promoted: true, session: { loginAt: 5000, seq: 2, userAgent: 'Safari' } });
        expect(chosen.session!.pendingUntil).toBeUndefined();
        const notice = { reason: 'replaced', endedAt: chosen.now, by: { loginAt: 5000, userAgent: 'Safari' } };
        expect(chosen.ended).toEqual([{ handle: 'holder', sid: 'raw-holder', expiresAt: expect.any(Number), notice }]);
        expect(await visit('holder', {}, CHOOSE)).toMatchObject({ registered: false, notice, ended: [] });
        const after = await visit('new', { replace: 'holder' }, CHOOSE);
        expect(after).toMatchObject({ ended: [], session: { seq: 2 } });
        expect(after.promoted).toBeUndefined();
        expect(Object.keys(await list())).toEqual(['new']);
      });

      it('two pending sessions choosing the same holder: the first takes its place, the second keeps waiting; then it can choose the first', async () => {
        await admit('holder', {}, CHOOSE);
        await admit('p1', { userAgent: 'One' }, CHOOSE);
        await admit('p2', { userAgent: 'Two' }, CHOOSE);
        const first = await visit('p1', { replace: 'holder' }, CHOOSE);
        expect(first.promoted).toBe(true);
        expect(first.ended.map((entry) => entry.handle)).toEqual(['holder']);
        const second = await visit('p2', { replace: 'holder' }, CHOOSE);
        expect(second).toMatchObject({ registered: false, ended: [], session: { pendingUntil: expect.any(Number) } });
        expect(second.notice).toBeUndefined();
        expect(second.promoted).toBeUndefined();
        expect((await visit('holder', {}, CHOOSE)).notice).toEqual(first.ended[0]!.notice);
        const third = await visit('p2', { replace: 'p1' }, CHOOSE);
        expect(third).toMatchObject({ promoted: true, ended: [{ handle: 'p1', notice: { reason: 'replaced', endedAt: third.now, by: { userAgent: 'Two' } } }] });
        expect(Object.keys(await list())).toEqual(['p2']);
      });

      it('two pending sessions choosing the same holder at once: one holds, the other waits, the holder is ended once', async () => {
        await admit('holder', {}, CHOOSE);
        await admit('p1', {}, CHOOSE);
        await admit('p2', {}, CHOOSE);
        const results = await Promise.all(['p1', 'p2'].map((handle) => visit(handle, { replace: 'holder' }, CHOOSE)));
        expect(results.filter((result) => result.promoted).length).toBe(1);
        expect(results.flatMap((result) => result.ended.map((entry) => entry.handle))).toEqual(['holder']);
        const live = Object.values(await list());
        expect(live.length).toBe(2);
        expect(live.filter((session) => session.pendingUntil === undefined).length).toBe(1);
      });

      it('a choice that names no holder of the class (unknown, pending, itself, a holder while not pending) ends nothing', async () => {
        await admit('holder', {}, CHOOSE);
        await admit('p', {}, CHOOSE);
        await admit('q', {}, CHOOSE);
        for (const replace of ['nobody', 'q', 'p']) {
          const result = await visit('p', { replace }, CHOOSE);
          expect(result).toMatchObject({ ended: [], session: { pendingUntil: expect.any(Number) } });
          expect(result.promoted).toBeUndefined();
        }
        const rule = { ...CHOOSE, limit: 2 };
        key = `${key}:two`;
        await admit('a', {}, rule);
        await admit('b', {}, rule);
        expect((await visit('a', { replace: 'b' }, rule)).ended).toEqual([]);
        expect(Object.keys(await list()).sort()).toEqual(['a', 'b']);
      });

      it('when the holder logged out meanwhile, the pending session holds the account on its next request, with or without a choice; nothing else ends', async () => {
        for (const replace of [undefined, 'holder']) {
          key = `${key}:${replace}`;
          await admit('holder', {}, CHOOSE);
          await admit('p', {}, CHOOSE);
          await end({ handles: ['holder'] }, 'logout');
          const result = await visit('p', replace === undefined ? {} : { replace }, CHOOSE);
          expect(result).toMatchObject({ registered: false, promoted: true, ended: [] });
          expect(result.session!.pendingUntil).toBeUndefined();
          expect((await visit('holder', {}, CHOOSE)).notice).toMatchObject({ reason: 'logout' });
        }
      });

      it('freed places go to the presented pending session first, then by first sight; one promoted by another\'s request is not told so', async () => {
        const rule = { ...CHOOSE, limit: 2 };
        for (const handle of ['h1', 'h2', 'p1', 'p2', 'p3']) await admit(handle, {}, rule);
        await end({ handles: ['h1', 'h2'] }, 'logout');
        const presented = await visit('p3', {}, rule);
        expect(presented).toMatchObject({ promoted: true, ended: [] });
        const live = await list();
        expect(live.p1!.pendingUntil).toBeUndefined();
        expect(live.p2!.pendingUntil).toEqual(expect.any(Number));
        expect(live.p3!.pendingUntil).toBeUndefined();
        const p1 = await visit('p1', {}, rule);
        expect(p1.session!.pendingUntil).toBeUndefined();
        expect(p1.promoted).toBeUndefined();
      });

      it('a pending session not chosen for within choiceTimeout is refused (limit), even with a place free, and stays refused', async () => {
        const rule = { strategy: 'choose' as const, choiceTimeout: 200 };
        await admit('holder', {}, rule);
        await admit('p', {}, rule);
        await admit('q', {}, rule);
        await sleep(rule.choiceTimeout + 50);
        await end({ handles: ['holder'] }, 'logout');
        const late = await visit('p', { replace: 'holder' }, rule);
        expect(late.notice).toEqual({ reason: 'limit', endedAt: late.now });
        expect(late.session).toBeUndefined();
        expect(late.promoted).toBeUndefined();
        expect(late.ended).toContainEqual({ handle: 'p', expiresAt: expect.any(Number), notice: late.notice });
        expect(late.ended.map((entry) => entry.handle).sort()).toEqual(['p', 'q']);
        expect((await visit('p', {}, rule)).notice).toMatchObject({ reason: 'limit' });
        expect(await list()).toEqual({});
      });

      it('a timed-out pending session is ended by the ranking of another session of its class, not of another class', async () => {
        const rule = { strategy: 'choose' as const, choiceTimeout: 200, limit: PER_CLASS };
        await admit('holder', { deviceClass: 'web' }, rule);
        await admit('phone', { deviceClass: 'mobile' }, rule);
        await admit('p', { deviceClass: 'web' }, rule);
        await sleep(rule.choiceTimeout + 50);
        expect((await visit('phone', {}, rule)).ended).toEqual([]);
        const holder = await visit('holder', {}, rule);
        expect(holder.session).toBeDefined();
        expect(holder.ended).toEqual([{ handle: 'p', expiresAt: expect.any(Number), notice: { reason: 'limit', endedAt: holder.now } }]);
        expect(Object.keys(await list()).sort()).toEqual(['holder', 'phone']);
        expect((await visit('p', {}, rule)).notice).toMatchObject({ reason: 'limit' });
      });

      it('a pending session takes the place of a holder gone idle on its next request, which is told idle even when chosen', async () => {
        const rule = { strategy: 'choose' as const, choiceTimeout: RULE.idleTimeout + 300 };
        for (const replace of [undefined, 'holder']) {
          key = `${key}:${replace}`;
          await admit('holder', { userAgent: 'Old' }, rule);
          const pending = await admit('p', { loginAt: 7000, userAgent: 'New' }, rule);
          expect(pending.session!.pendingUntil).toBe(pending.now + rule.choiceTimeout);
          await sleep(RULE.idleTimeout + 50);
          const result = await visit('p', replace === undefined ? {} : { replace }, rule);
          expect(result.promoted).toBe(true);
          expect(result.ended).toEqual([{ handle: 'holder', expiresAt: expect.any(Number), notice: { reason: 'idle', endedAt: result.now, by: { loginAt: 7000, userAgent: 'New' } } }]);
        }
      });

      it('a choice while the class has a free place ends nothing: the pending session takes the free place', async () => {
        const rule = { ...CHOOSE, limit: 2 };
        for (const handle of ['h1', 'h2', 'p']) await admit(handle, {}, rule);
        await end({ handles: ['h2'] }, 'logout');
        const result = await visit('p', { replace: 'h1' }, rule);
        expect(result).toMatchObject({ promoted: true, ended: [] });
        expect(Object.keys(await list()).sort()).toEqual(['h1', 'p']);
      });

      it('sessions forgotten but still stored do not put the account over its limit: another session\'s request does not rank it', async () => {
        const rule = { strategy: 'choose' as const, limit: 2, choiceTimeout: 780, idleTimeout: 700 };
        await admit('forgotten', {}, rule);
        await admit('holder', {}, rule);
        await sleep(300);
        await visit('holder', {}, rule);
        const pending = await admit('p', {}, rule);
        expect(pending.session!.pendingUntil).toBe(pending.now + rule.choiceTimeout);
        await sleep(RULE.ttl - 250);
        expect(await visit('holder', {}, rule)).toMatchObject({ ended: [], session: { seq: 2 } });
        const promoted = await visit('p', {}, rule);
        expect(promoted).toMatchObject({ promoted: true, ended: [] });
        expect(Object.keys(await list()).sort()).toEqual(['holder', 'p']);
      });

      it('ending all sessions but a pending one keeps it pending, after the mark; its next request takes the freed place', async () => {
        await admit('holder', {}, CHOOSE);
        const pending = await admit('p', {}, CHOOSE);
        expect((await end({ all: true, except: 'p' })).map((entry) => entry.handle)).toEqual(['holder']);
        const live = await list();
        expect(Object.keys(live)).toEqual(['p']);
        expect(live.p!.pendingUntil).toBe(pending.session!.pendingUntil);
        const result = await visit('p', {}, CHOOSE);
        expect(result).toMatchObject({ promoted: true, ended: [], session: { seq: 3 } });
        expect(result.session!.pendingUntil).toBeUndefined();
      });

      it('a new login of a pending id registers it anew: a new seq, waiting again from now', async () => {
        const rule = { ...CHOOSE, idleTimeout: RULE.ttl };
        await admit('holder', {}, rule);
        const first = await admit('p', {}, rule);
        await sleep(rule.choiceTimeout - 250);
        await visit('holder', {}, rule);
        const again = await admit('p', {}, rule);
        expect(again).toMatchObject({ registered: true, ended: [], session: { seq: 3, lastSeenAt: again.now, pendingUntil: again.now + rule.choiceTimeout } });
        expect(again.promoted).toBeUndefined();
        expect(again.session!.pendingUntil).toBeGreaterThan(first.session!.pendingUntil!);
        await sleep(300);
        expect((await visit('p', {}, rule)).session).toMatchObject({ seq: 3, pendingUntil: again.session!.pendingUntil });
      });
    });

    describe('device classes (limits per class)', () => {
      const perClass = { limit: PER_CLASS };

      it('each class is ranked on its own: a phone and a laptop both hold, a second laptop ends the first only; a class the limits do not name has no limit', async () => {
        await admit('laptop', { deviceClass: 'web', loginAt: 1000 }, perClass);
        const phone = await admit('phone', { deviceClass: 'mobile', loginAt: 2000 }, perClass);
        expect(phone).toMatchObject({ ended: [], session: { deviceClass: 'mobile' } });
        const laptop2 = await admit('laptop2', { deviceClass: 'web', loginAt: 3000, userAgent: 'Edge' }, perClass);
        expect(laptop2.ended).toEqual([{ handle: 'laptop', expiresAt: expect.any(Number), notice: { reason: 'newer-login', endedAt: laptop2.now, by: { loginAt: 3000, userAgent: 'Edge' } } }]);
        for (const [handle, deviceClass] of [['tv', 'tv'], ['tv2', 'tv'], ['bare', undefined], ['bare2', undefined]] as const) {
          expect((await admit(handle, { deviceClass, loginAt: 4000 }, perClass)).ended).toEqual([]);
        }
        const live = await list();
        expect(Object.keys(live).sort()).toEqual(['bare', 'bare2', 'laptop2', 'phone', 'tv', 'tv2']);
        expect([live.laptop2!.deviceClass, live.phone!.deviceClass, live.bare2!.deviceClass]).toEqual(['web', 'mobile', undefined]);
      });

      it('a number limits the whole account whatever the classes stored (limits per class turned into one number)', async () => {
        await admit('laptop', { deviceClass: 'web', loginAt: 1000 }, perClass);
        await admit('phone', { deviceClass: 'mobile', loginAt: 2000 }, perClass);
        const third = await admit('third', { loginAt: 3000 }, { limit: 1 });
        expect(third.ended.map((entry) => entry.handle).sort()).toEqual(['laptop', 'phone']);
        expect(Object.keys(await list())).toEqual(['third']);
      });

      it('reject-new per class: a login is refused only when its own class is full', async () => {
        const rule = { strategy: 'reject-new' as const, limit: PER_CLASS };
        await admit('laptop', { deviceClass: 'web' }, rule);
        expect((await admit('phone', { deviceClass: 'mobile' }, rule)).session).toBeDefined();
        expect((await admit('laptop2', { deviceClass: 'web' }, rule)).notice).toMatchObject({ reason: 'limit' });
        expect(Object.keys(await list()).sort()).toEqual(['laptop', 'phone']);
      });

      it('choose per class: a login waits only when its own class is full, and may only choose a holder of its class', async () => {
        const rule = { ...CHOOSE, limit: PER_CLASS };
        await admit('laptop', { deviceClass: 'web' }, rule);
        const phone = await admit('phone', { deviceClass: 'mobile' }, rule);
        expect(phone).toMatchObject({ registered: true, ended: [] });
        expect(phone.session!.pendingUntil).toBeUndefined();
        expect(phone.promoted).toBeUndefined();
        const laptop2 = await admit('laptop2', { deviceClass: 'web' }, rule);
        expect(laptop2.session).toMatchObject({ deviceClass: 'web', pendingUntil: laptop2.now + CHOOSE.choiceTimeout });
        expect(await visit('laptop2', { replace: 'phone' }, rule)).toMatchObject({ ended: [], session: { pendingUntil: expect.any(Number) } });
        const chosen = await visit('laptop2', { replace: 'laptop' }, rule);
        expect(chosen.promoted).toBe(true);
        expect(chosen.ended.map((entry) => [entry.handle, entry.notice.reason])).toEqual([['laptop', 'replaced']]);
        expect(Object.keys(await list()).sort()).toEqual(['laptop2', 'phone']);
      });

      it('a session keeps the class it registered with, and its limit, whatever class later requests give; a new login of its id takes the class given then', async () => {
        const rule = { strategy: 'choose' as const, choiceTimeout: CHOOSE.choiceTimeout, limit: { web: 1, mobile: 2 } };
        await admit('laptop', { deviceClass: 'web', loginAt: 1000 }, rule);
        const pending = await admit('laptop2', { deviceClass: 'web', loginAt: 1500 }, rule);
        expect(pending.session!.pendingUntil).toBeDefined();
        expect((await visit('laptop2', { deviceClass: 'mobile' }, rule)).session).toMatchObject({ deviceClass: 'web', pendingUntil: pending.session!.pendingUntil });
        expect((await visit('laptop2', { deviceClass: 'tv' }, rule)).session!.pendingUntil).toBe(pending.session!.pendingUntil);
        await admit('phone', { deviceClass: 'mobile', loginAt: 2000 }, rule);
        await sleep(RULE.touchInterval + 20);
        const again = await visit('laptop', { deviceClass: 'mobile' }, rule);
        expect(again).toMatchObject({ ended: [], session: { deviceClass: 'web', lastSeenAt: again.now } });
        expect((await list()).laptop!.deviceClass).toBe('web');
        const relogin = await admit('phone', { deviceClass: 'web', loginAt: 3000 }, { ...RULE, limit: PER_CLASS });
        expect(relogin).toMatchObject({ registered: true, session: { deviceClass: 'web', seq: 4 } });
        expect(relogin.ended.map((entry) => entry.handle)).toEqual(['laptop']);
      });
    });

    describe('register: false', () => {
      it('a check that must not register: a session the store does not hold is not added, a held one and an ended one answer as usual', async () => {
        const unknown = await visit('unknown', { register: false });
        expect(unknown).toMatchObject({ registered: false, ended: [] });
        expect(unknown.session).toBeUndefined();
        expect(unknown.notice).toBeUndefined();
        expect(await list()).toEqual({});
        await admit('held');
        expect((await visit('held', { register: false })).session).toBeDefined();
        await end({ handles: ['held'] }, 'logout');
        expect((await visit('held', { register: false })).notice).toMatchObject({ reason: 'logout' });
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
