import { describe, expect, it } from 'vitest';
import { createCache } from 'cache-manager';
import { CacheSessionStorage } from './cache-session-storage.js';
import type { StoredSession } from './session-record.interface.js';

const KEY = 'single-session:account:1';
const TTL = 60_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A storage over a real cache-manager cache (Keyv in memory), and the cache itself. */
function storage() {
  const cache = createCache();
  return { cache, storage: new CacheSessionStorage(cache) };
}

const session = (loginAt: number, extra: Partial<StoredSession> = {}): StoredSession => ({ loginAt, lastSeenAt: Date.now(), ...extra });

describe('CacheSessionStorage', () => {
  it('reads an unknown account as an empty record', async () => {
    expect(await storage().storage.read(KEY)).toEqual({ sessions: {}, ended: {} });
  });

  it('writes one entry per account and returns the record after each write', async () => {
    const { cache, storage: store } = storage();
    const first = session(100, { ip: '10.0.0.1', userAgent: 'Firefox', sid: 'raw-sid' });
    expect(await store.putSession(KEY, 'h1', first, TTL)).toEqual({ sessions: { h1: first }, ended: {} });
    const second = session(200);
    expect(Object.keys((await store.putSession(KEY, 'h2', second, TTL)).sessions)).toEqual(['h1', 'h2']);
    expect(await cache.get(KEY)).toEqual({ sessions: { h1: first, h2: second }, ended: {} });
    expect(await store.read(KEY)).toEqual(await cache.get(KEY));
  });

  it('keeps the first login time of a session written again', async () => {
    const { storage: store } = storage();
    await store.putSession(KEY, 'h1', session(100), TTL);
    expect((await store.putSession(KEY, 'h1', session(500), TTL)).sessions.h1.loginAt).toBe(100);
  });

  it('loses no write when many sessions of one account are written at once', async () => {
    const { storage: store } = storage();
    await Promise.all(Array.from({ length: 50 }, (_, index) => store.putSession(KEY, `h${index}`, session(index), TTL)));
    expect(Object.keys((await store.read(KEY)).sessions)).toHaveLength(50);
  });

  it('ends sessions: their entries go, their notices stay, and stay ended when written again', async () => {
    const { storage: store } = storage();
    await store.putSession(KEY, 'h1', session(100), TTL);
    await store.putSession(KEY, 'h2', session(200), TTL);
    await store.endSessions(KEY, { h1: { reason: 'newer-login', endedAt: 300 } }, TTL);
    const record = await store.read(KEY);
    expect(Object.keys(record.sessions)).toEqual(['h2']);
    expect(record.ended).toEqual({ h1: { reason: 'newer-login', endedAt: 300 } });
    await store.endSessions(KEY, { h1: { reason: 'revoked', endedAt: 400 } }, TTL);
    expect((await store.read(KEY)).ended.h1.reason).toBe('newer-login');
  });

  it('forgets sessions, ended or not, and deletes the entry of an account left with nothing', async () => {
    const { cache, storage: store } = storage();
    await store.putSession(KEY, 'h1', session(100), TTL);
    await store.putSession(KEY, 'h2', session(200), TTL);
    await store.endSessions(KEY, { h2: { reason: 'logout', endedAt: 300 } }, TTL);
    await store.forgetSessions(KEY, ['h1', 'h2'], TTL);
    expect(await cache.get(KEY)).toBeUndefined();
  });

  it('lets the cache expire an account ttl after its last write', async () => {
    const { storage: store } = storage();
    await store.putSession(KEY, 'h1', session(100), 50);
    expect(Object.keys((await store.read(KEY)).sessions)).toEqual(['h1']);
    await sleep(120);
    expect(await store.read(KEY)).toEqual({ sessions: {}, ended: {} });
  });

  it('drops sessions unseen for the ttl when another session of the account is written', async () => {
    const { storage: store } = storage();
    await store.putSession(KEY, 'old', { loginAt: 1, lastSeenAt: Date.now() - 2 * TTL }, 10 * TTL);
    const record = await store.putSession(KEY, 'new', session(2), TTL);
    expect(Object.keys(record.sessions)).toEqual(['new']);
  });

  it('reads a damaged cache entry as what is left of it', async () => {
    const { cache, storage: store } = storage();
    await cache.set(KEY, { sessions: { ok: { loginAt: 1, lastSeenAt: 2 }, bad: 'x' }, ended: 7 });
    expect(await store.read(KEY)).toEqual({ sessions: { ok: { loginAt: 1, lastSeenAt: 2 } }, ended: {} });
    await cache.set(KEY, 'garbage');
    expect(Object.keys((await store.putSession(KEY, 'h1', session(1), TTL)).sessions)).toEqual(['h1']);
  });

  it('keeps accounts apart', async () => {
    const { storage: store } = storage();
    await store.putSession('k:a', 'h1', session(1), TTL);
    await store.putSession('k:b', 'h2', session(2), TTL);
    expect(Object.keys((await store.read('k:a')).sessions)).toEqual(['h1']);
    expect(Object.keys((await store.read('k:b')).sessions)).toEqual(['h2']);
  });
});
