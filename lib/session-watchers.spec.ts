import { describe, expect, it, vi } from 'vitest';
import { Logger } from '@nestjs/common';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { MemorySessionStorage } from './memory-session-storage.js';
import { SessionEnforcer } from './session-enforcer.js';
import { sessionHandle } from './session-keys.js';
import { SessionRegistry } from './session-registry.js';
import type { SessionEndNotice } from './session-record.interface.js';
import { SessionWatchers } from './session-watchers.js';
import type { SingleSessionModuleOptions } from './single-session-options.interface.js';
import { resolveOptions } from './single-session-options.js';

/** Watchers over an in-memory registry, as the tracker makes them, and a way to sign sessions in. */
function setUp(options: SingleSessionModuleOptions = {}) {
  const resolved = resolveOptions(options);
  const storage = new MemorySessionStorage(resolved.memoryLimit, resolved.ttl);
  const registry = new SessionRegistry(resolved, storage);
  const enforcer = new SessionEnforcer(resolved, registry);
  const watchers = new SessionWatchers(registry);
  const signIn = (sessionId: string, userAgent?: string, userId = '1') =>
    enforcer.enforce({ user: { id: userId }, userId, sessionId, isNewLogin: true, userAgent });
  return { registry, storage, watchers, signIn };
}

/** Every value `watch` emits until it completes, as a promise. */
const allOf = (observable: ReturnType<SessionWatchers['watch']>) => lastValueFrom(observable.pipe(toArray()));

describe('SessionWatchers', () => {
  it('tells every watcher of a session once when it ends, then completes them and forgets the session', async () => {
    const { watchers, signIn } = setUp();
    await signIn('older');
    const [first, second] = [allOf(watchers.watch(1, 'older')), allOf(watchers.watch('1', 'older'))];
    expect(watchers.size).toBe(1);
    await signIn('newer', 'Firefox');
    const told: SessionEndNotice[] = [{ reason: 'newer-login', endedAt: expect.any(Number), by: { loginAt: expect.any(Number), userAgent: 'Firefox' } }];
    expect(await first).toEqual(told);
    expect(await second).toEqual(told);
    expect(watchers.size).toBe(0);
  });

  it('tells nobody else: not the watchers of another session, nor of the same session id on another account', async () => {
    const { registry, watchers, signIn } = setUp({ maxSessions: 2 });
    await signIn('shared');
    await signIn('shared', undefined, '2');
    const [elsewhere, mine] = [vi.fn(), vi.fn()];
    watchers.watch(1, 'other').subscribe(elsewhere);
    watchers.watch(1, 'shared').subscribe(mine);
    await registry.endSessions(2, { all: true }, 'revoked');
    expect(mine).not.toHaveBeenCalled();
    await registry.endSessions(1, { handles: [sessionHandle('shared')] }, 'logout');
    expect(mine).toHaveBeenCalledWith({ reason: 'logout', endedAt: expect.any(Number) });
    expect(elsewhere).not.toHaveBeenCalled();
  });

  it('tells at once a watcher of a session that has ended, asking the store; without the device when showNewerDevice is false', async () => {
    const { watchers, signIn } = setUp({ showNewerDevice: false });
    await signIn('older');
    await signIn('newer', 'Firefox');
    expect(await allOf(watchers.watch(1, 'older'))).toEqual([{ reason: 'newer-login', endedAt: expect.any(Number), by: { loginAt: expect.any(Number) } }]);
    expect(watchers.size).toBe(0);
  });

  it('puts a session the store lost back with the login time given, so that it keeps its rank', async () => {
    const { registry, storage, watchers, signIn } = setUp();
    const key = registry.keyOf(1);
    const watched = vi.fn();
    watchers.watch(1, 'lost', 1_000).subscribe(watched);
    await vi.waitFor(async () => expect(Object.values(await storage.list(key, registry.options.ttl))).toEqual([expect.objectContaining({ loginAt: 1_000 })]));
    await signIn('newer');
    expect(watched).toHaveBeenCalledWith(expect.objectContaining({ reason: 'newer-login' }));
  });

  it('forgets a watcher that unsubscribes: it is never told', async () => {
    const { watchers, signIn } = setUp();
    await signIn('older');
    const watched = vi.fn();
    watchers.watch(1, 'older').subscribe(watched).unsubscribe();
    expect(watchers.size).toBe(0);
    await signIn('newer');
    expect(watched).not.toHaveBeenCalled();
  });

  it('still tells the other watchers of a session when one of them unsubscribes', async () => {
    const { watchers, signIn } = setUp();
    await signIn('older');
    const leaving = vi.fn();
    const [first, second] = [watchers.watch(1, 'older').subscribe(leaving), allOf(watchers.watch(1, 'older'))];
    const third = allOf(watchers.watch(1, 'older'));
    first.unsubscribe();
    expect(watchers.size).toBe(1);
    await signIn('newer');
    expect([await second, await third]).toEqual([[expect.objectContaining({ reason: 'newer-login' })], [expect.objectContaining({ reason: 'newer-login' })]]);
    expect(leaving).not.toHaveBeenCalled();
  });

  it('completes every watcher without a notice when the module closes, and a later watch at once', async () => {
    const { registry, watchers, signIn } = setUp();
    await signIn('held');
    const before = allOf(watchers.watch(1, 'held'));
    await registry.onModuleDestroy();
    expect(await before).toEqual([]);
    expect(await allOf(watchers.watch(1, 'held'))).toEqual([]);
    expect(watchers.size).toBe(0);
  });

  it('errors for an account id that names no account', async () => {
    const { watchers } = setUp();
    await expect(firstValueFrom(watchers.watch('', 'sid'))).rejects.toBeInstanceOf(TypeError);
  });

  it('still tells a watcher whose first look at the store failed (logged), when the session ends', async () => {
    const { registry, storage, watchers, signIn } = setUp();
    await signIn('older');
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    vi.spyOn(storage, 'admit').mockRejectedValueOnce(new Error('store down'));
    const notices = allOf(watchers.watch(1, 'older'));
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith(expect.stringContaining('store down')));
    await registry.endSessions(1, { all: true }, 'revoked');
    expect(await notices).toEqual([{ reason: 'revoked', endedAt: expect.any(Number) }]);
    error.mockRestore();
  });

  it('tells the other watchers when one of them throws (the error is logged)', async () => {
    const { watchers, signIn } = setUp();
    await signIn('older');
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    watchers.watch(1, 'older').subscribe(() => {
      throw new Error('watcher bug');
    });
    const other = allOf(watchers.watch(1, 'older'));
    await signIn('newer');
    expect(await other).toHaveLength(1);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('watcher bug'));
    error.mockRestore();
  });
});
