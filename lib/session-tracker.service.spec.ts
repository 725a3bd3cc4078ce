import { describe, expect, it, vi } from 'vitest';
import { Logger, UnauthorizedException } from '@nestjs/common';
import { lastValueFrom, toArray } from 'rxjs';
import { MemoryStore } from 'express-session';
import { MemorySessionStorage } from './memory-session-storage.js';
import { SessionEnforcer } from './session-enforcer.js';
import { httpExceptionFor } from './session-end-exceptions.js';
import { SessionEvictedException } from './session-evicted.exception.js';
import { SessionLimitExceededException } from './session-limit-exceeded.exception.js';
import { SessionRegistry } from './session-registry.js';
import type { SessionEvent } from './session-record.interface.js';
import { SessionTrackerService } from './session-tracker.service.js';
import type { SingleSessionModuleOptions } from './single-session-options.interface.js';
import { resolveOptions } from './single-session-options.js';

/** A tracker over a real cache-manager cache, wired as the module wires it, and its events. */
function setUp(options: SingleSessionModuleOptions = {}) {
  const resolved = resolveOptions(options);
  const registry = new SessionRegistry(resolved, new MemorySessionStorage(resolved.memoryLimit, resolved.ttl));
  const enforcer = new SessionEnforcer(resolved, registry);
  const tracker = new SessionTrackerService(registry, enforcer);
  const events: SessionEvent[] = [];
  tracker.events$.subscribe((event) => events.push(event));
  return { tracker, registry, enforcer, events };
}

const alice = { id: 1, username: 'alice' };

/** A later request of a token session already registered: its login time as stored, or the exception the guard would throw. */
async function request(enforcer: SessionEnforcer, sessionId: string, loginAt: number) {
  const { loginAt: storedLoginAt, refusal } = await enforcer.enforce({ user: alice, userId: '1', sessionId, loginAt, isNewLogin: false });
  if (refusal) throw httpExceptionFor(refusal);
  return { loginAt: storedLoginAt };
}

describe('SessionTrackerService', () => {
  it('lists the account\'s sessions newest first, by opaque handle', async () => {
    const { tracker } = setUp({ maxSessions: 3 });
    await tracker.register(alice, { sessionId: 'sid-a', loginAt: 1000, ip: '10.0.0.1', userAgent: 'Firefox' });
    await tracker.register(alice, { sessionId: 'sid-b', loginAt: 3000 });
    await tracker.register(alice, { sessionId: 'sid-c', loginAt: 2000 });
    const sessions = await tracker.list(1);
    expect(sessions.map((session) => session.handle)).toEqual(['sid-b', 'sid-c', 'sid-a'].map((sid) => tracker.handleOf(sid)));
    expect(sessions[2]).toEqual({ handle: tracker.handleOf('sid-a'), loginAt: 1000, lastSeenAt: expect.any(Number), ip: '10.0.0.1', userAgent: 'Firefox' });
    expect(JSON.stringify(sessions)).not.toMatch(/sid-/);
    expect(await tracker.list('1')).toEqual(sessions);
    expect(await tracker.list(2)).toEqual([]);
  });

  it('register() evicts the older session under evict-oldest, and emits each step', async () => {
    const { tracker, enforcer, events } = setUp();
    await tracker.register(alice, { sessionId: 'older', loginAt: 1000 });
    await tracker.register(alice, { sessionId: 'newer', loginAt: 2000 });
    expect((await tracker.list(1)).map((session) => session.handle)).toEqual([tracker.handleOf('newer')]);
    await expect(request(enforcer, 'older', 1000)).rejects.toBeInstanceOf(SessionEvictedException);
    await expect(request(enforcer, 'newer', 2000)).resolves.toMatchObject({ loginAt: 2000 });
    expect(events.map(({ type, userId, handle, reason }) => ({ type, userId, handle, reason }))).toEqual([
      { type: 'registered', userId: '1', handle: tracker.handleOf('older'), reason: 'login' },
      { type: 'registered', userId: '1', handle: tracker.handleOf('newer'), reason: 'login' },
      { type: 'evicted', userId: '1', handle: tracker.handleOf('older'), reason: 'newer-login' },
    ]);
  });

  it('register() refuses a login to a full account under reject-new, with the limit', async () => {
    const { tracker, events } = setUp({ strategy: 'reject-new', maxSessions: 2 });
    await tracker.register(alice, { sessionId: 'one', loginAt: 1000 });
    await tracker.register(alice, { sessionId: 'two', loginAt: 2000 });
    const refusal = await tracker.register(alice, { sessionId: 'three', loginAt: 3000 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SessionLimitExceededException);
    expect((refusal as SessionLimitExceededException).getResponse()).toMatchObject({ code: 'SESSION_LIMIT_REACHED', maxSessions: 2 });
    expect(await tracker.list(1)).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'rejected', handle: tracker.handleOf('three'), reason: 'limit' });
  });

  it('register() logs a user with no account id as an error and tracks nothing', async () => {
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const { tracker } = setUp();
      await expect(tracker.register({ username: 'ghost' }, { sessionId: 'x' })).resolves.toBeUndefined();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('getUserId'));
    } finally {
      errors.mockRestore();
    }
  });

  it('revoke() signs one session out as an eviction would, once', async () => {
    const { tracker, enforcer, events } = setUp({ maxSessions: 2 });
    await tracker.register(alice, { sessionId: 'a', loginAt: 1000 });
    await tracker.register(alice, { sessionId: 'b', loginAt: 2000 });
    expect(await tracker.revoke(1, tracker.handleOf('a'))).toBe(true);
    expect(await tracker.revoke(1, tracker.handleOf('a'))).toBe(false);
    expect(await tracker.revoke(1, 'unknown')).toBe(false);
    const refusal = await request(enforcer, 'a', 1000).catch((error: unknown) => error);
    expect((refusal as SessionEvictedException).getResponse()).toMatchObject({ code: 'SESSION_EVICTED', reason: 'revoked' });
    await expect(request(enforcer, 'b', 2000)).resolves.toMatchObject({ loginAt: 2000 });
    expect(events.at(-1)).toMatchObject({ type: 'revoked', handle: tracker.handleOf('a'), reason: 'revoked' });
  });

  it('revokeOthers() keeps only the current session; revokeAll() keeps none', async () => {
    const { tracker } = setUp({ maxSessions: Infinity });
    for (const [index, sid] of ['a', 'b', 'c', 'd'].entries()) await tracker.register(alice, { sessionId: sid, loginAt: 1000 + index });
    expect(await tracker.revokeOthers(1, 'c')).toBe(3);
    expect((await tracker.list(1)).map((session) => session.handle)).toEqual([tracker.handleOf('c')]);
    expect(await tracker.revokeAll('1')).toBe(1);
    expect(await tracker.list(1)).toEqual([]);
    expect(await tracker.revokeAll(1)).toBe(0);
  });

  it('logout() of a token session keeps refusing the token', async () => {
    const { tracker, enforcer, events } = setUp({ strategy: 'reject-new' });
    await tracker.register(alice, { sessionId: 'token', loginAt: 1000 });
    await tracker.logout(1, 'token');
    expect(await tracker.list(1)).toEqual([]);
    const refusal = await request(enforcer, 'token', 1000).catch((error: unknown) => error);
    expect((refusal as SessionEvictedException).getResponse()).toMatchObject({ reason: 'logout' });
    expect(events.at(-1)).toMatchObject({ type: 'logged-out', reason: 'logout' });
    await expect(tracker.register(alice, { sessionId: 'next', loginAt: 2000 })).resolves.toBeUndefined();
  });

  it('signs evicted server sessions out in the session store; a logout in the store frees the place at once', async () => {
    const { tracker, registry, enforcer, events } = setUp({ maxSessions: 2, strategy: 'reject-new' });
    const store = new MemoryStore();
    registry.useSessionStore(store as never);
    const put = (sid: string, data: object) => new Promise<void>((resolve) => store.set(sid, { cookie: { originalMaxAge: null }, ...data } as never, () => resolve()));
    const get = (sid: string) => new Promise<any>((resolve) => store.get(sid, (_, data) => resolve(data)));
    for (const sid of ['s1', 's2']) {
      const held = await enforcer.enforce({ user: alice, userId: '1', sessionId: sid, isNewLogin: true, sid });
      await put(sid, { passport: { user: 'alice' }, singleSession: { userId: '1', loginAt: held.loginAt! } });
    }
    expect(await tracker.revoke(1, tracker.handleOf('s1'))).toBe(true);
    const revoked = await get('s1');
    expect(revoked.passport).toBeUndefined();
    expect(revoked.singleSession.ended).toMatchObject({ reason: 'revoked', reported: false });
    expect((await get('s2')).passport).toEqual({ user: 'alice' });

    await new Promise<void>((resolve) => store.destroy('s2', () => resolve()));
    expect(await tracker.list(1)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'logged-out', handle: tracker.handleOf('s2') });
  });

  it('isolates events$ subscribers: one that throws is logged, the others still get the event', async () => {
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const { tracker } = setUp();
      const seen: string[] = [];
      tracker.events$.subscribe(() => {
        throw new Error('subscriber bug');
      });
      tracker.events$.subscribe((event) => seen.push(event.type));
      await tracker.register(alice, { sessionId: 'a' });
      expect(seen).toEqual(['registered']);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('subscriber bug'));
    } finally {
      errors.mockRestore();
    }
  });

  it('watchRequest() watches the session the default getSessionId reads, and will not guess with a custom one', async () => {
    const { tracker } = setUp();
    await tracker.register(alice, { sessionId: 'token', loginAt: 1000 });
    const told = lastValueFrom(tracker.watchRequest({ user: { ...alice, jti: 'token', iat: 1 } }).pipe(toArray()));
    await tracker.register(alice, { sessionId: 'newer', loginAt: 2000 });
    expect(await told).toEqual([expect.objectContaining({ reason: 'newer-login' })]);

    const signedOut = { session: { singleSession: { ended: { reason: 'revoked', endedAt: 5, reported: true } } }, sessionID: 'sid' };
    expect(await lastValueFrom(tracker.watchRequest(signedOut).pipe(toArray()))).toEqual([{ reason: 'revoked', endedAt: 5 }]);
    expect(() => tracker.watchRequest({ session: {}, sessionID: 'anonymous' })).toThrow(UnauthorizedException);
    expect(() => setUp({ getSessionId: () => 'sid' }).tracker.watchRequest({ user: alice })).toThrow(/getSessionId/);
  });

  it('refuses ids that name no account', async () => {
    const { tracker } = setUp();
    await expect(tracker.list('')).rejects.toThrow(TypeError);
    await expect(tracker.revokeAll(NaN)).rejects.toThrow(TypeError);
  });

  it('completes events$ when the module is destroyed', () => {
    const { tracker, registry } = setUp();
    const complete = vi.fn();
    tracker.events$.subscribe({ complete });
    registry.onModuleDestroy();
    expect(complete).toHaveBeenCalled();
  });
});
