import { describe, expect, it } from 'vitest';
import { MemoryStore } from 'express-session';
import { SESSION_EVICTED_MESSAGES, SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { recordEvents } from '../session-app/events.js';

describe('express-session app: the sessions API', () => {
  const store = new MemoryStore();
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ maxSessions: 3 }), { store }));
  const tracker = () => app().app.get(SessionTrackerService);

  /** Three browsers of alice, signed in one after the other. */
  async function threeDevices() {
    const devices = ['Firefox on Linux', 'Safari on iPhone', 'Edge on Windows'].map((agent) => new Browser(app().url, agent));
    const logins = [];
    for (const device of devices) logins.push((await signIn(device, 'alice')).body);
    return { devices, logins };
  }

  it('lists the account\'s sessions, newest first, with opaque handles that are not the session ids', async () => {
    const before = Date.now();
    const { devices, logins } = await threeDevices();
    const listed = await devices[0].get('/sessions');
    expect(listed.status).toBe(200);
    expect(listed.body.map((session: any) => session.handle)).toEqual(logins.map((login) => login.handle).reverse());
    for (const session of listed.body) {
      expect(Object.keys(session).sort()).toEqual(['current', 'handle', 'ip', 'lastSeenAt', 'loginAt', 'userAgent']);
      expect(session.loginAt).toBeGreaterThanOrEqual(before);
      expect(session.lastSeenAt).toBeGreaterThanOrEqual(session.loginAt);
      expect(session.ip).toMatch(/127\.0\.0\.1/);
    }
    expect(listed.body.map((session: any) => session.userAgent)).toEqual(['Edge on Windows', 'Safari on iPhone', 'Firefox on Linux']);
    expect(listed.body.map((session: any) => session.current)).toEqual([false, false, true]);

    const sids = devices.map(sessionIdOf);
    for (const sid of sids) {
      expect(listed.text).not.toContain(sid);
      expect(tracker().handleOf(sid)).not.toContain(sid);
    }
    expect(logins.map((login) => login.handle)).toEqual(sids.map((sid) => tracker().handleOf(sid)));
    const asListed = listed.body.map((session: any) => {
      const copy = { ...session };
      delete copy.current;
      return copy;
    });
    expect(await tracker().list(1)).toEqual(asListed);
  });

  it('revoke(handle) signs that one session out, exactly as an eviction does', async () => {
    const { devices, logins } = await threeDevices();
    const revoked = await devices[2].post(`/sessions/${logins[0].handle}/revoke`);
    expect(revoked.body).toEqual({ revoked: true });

    const told = await devices[0].get('/me');
    expect(told.status).toBe(401);
    expect(told.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'revoked', message: SESSION_EVICTED_MESSAGES.revoked });
    const data: any = await new Promise((resolve) => store.get(sessionIdOf(devices[0]), (_, session) => resolve(session)));
    expect(data.passport).toBeUndefined();
    expect((await devices[0].get('/multi')).status).toBe(401);
    expect((await devices[1].get('/me')).status).toBe(200);
    expect((await tracker().list(1)).map((session) => session.handle)).toEqual([logins[2].handle, logins[1].handle]);

    expect((await devices[2].post(`/sessions/${logins[0].handle}/revoke`)).body).toEqual({ revoked: false });
    expect(await tracker().revoke(1, 'no-such-handle')).toBe(false);
  });

  it('revokeOthers(sessionId) signs out every other session of the account', async () => {
    const { devices } = await threeDevices();
    expect((await devices[1].post('/sessions/revoke-others')).body).toEqual({ revoked: 2 });
    expect((await devices[0].get('/me')).body.code).toBe('SESSION_EVICTED');
    expect((await devices[2].get('/me')).body.code).toBe('SESSION_EVICTED');
    expect((await devices[1].get('/me')).status).toBe(200);
    expect(await tracker().list(1)).toHaveLength(1);
  });

  it('revokeAll(userId) signs out every session of the account, the caller\'s too', async () => {
    const { devices } = await threeDevices();
    expect((await devices[1].post('/sessions/revoke-all')).body).toEqual({ revoked: 3 });
    for (const device of devices) expect((await device.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'revoked' });
    expect(await tracker().list(1)).toEqual([]);
    const again = new Browser(app().url);
    expect((await signIn(again, 'alice')).status).toBe(200);
    expect((await again.get('/me')).status).toBe(200);
  });

  it('leaves other accounts alone', async () => {
    await threeDevices();
    const bob = new Browser(app().url);
    await signIn(bob, 'bob');
    expect(await tracker().revokeAll(1)).toBe(3);
    expect((await bob.get('/me')).status).toBe(200);
    expect(await tracker().list(2)).toHaveLength(1);
  });
});

describe('express-session app: events$', () => {
  it('emits registered, evicted and revoked with the account, the handle, the reason and the time', async () => {
    const running = await startApp(SessionAppModule.with());
    try {
      const events = recordEvents(running);
      const first = new Browser(running.url);
      const second = new Browser(running.url);
      const start = Date.now();
      const one = (await signIn(first, 'alice')).body;
      const two = (await signIn(second, 'alice')).body;
      await running.app.get(SessionTrackerService).revoke(1, two.handle);
      const end = Date.now();

      expect(events.map(({ type, userId, handle, reason }) => ({ type, userId, handle, reason }))).toEqual([
        { type: 'registered', userId: '1', handle: one.handle, reason: 'login' },
        { type: 'registered', userId: '1', handle: two.handle, reason: 'login' },
        { type: 'evicted', userId: '1', handle: one.handle, reason: 'newer-login' },
        { type: 'revoked', userId: '1', handle: two.handle, reason: 'revoked' },
      ]);
      for (const event of events) {
        expect(event.at).toBeGreaterThanOrEqual(start);
        expect(event.at).toBeLessThanOrEqual(end);
      }
    } finally {
      await running.close();
    }
  });

  it('emits rejected for a login refused under reject-new', async () => {
    const running = await startApp(SessionAppModule.with({ strategy: 'reject-new' }));
    try {
      const events = recordEvents(running);
      await signIn(new Browser(running.url), 'alice');
      const refusedBrowser = new Browser(running.url);
      expect((await signIn(refusedBrowser, 'alice')).status).toBe(403);
      const rejected = events.filter((event) => event.type === 'rejected');
      const tracker = running.app.get(SessionTrackerService);
      expect(rejected).toEqual([
        {
          type: 'rejected',
          userId: '1',
          handle: tracker.handleOf(sessionIdOf(refusedBrowser)),
          reason: 'limit',
          at: expect.any(Number),
          instanceId: tracker.instanceId,
          notice: { reason: 'limit', endedAt: rejected[0]!.at },
        },
      ]);
    } finally {
      await running.close();
    }
  });
});
