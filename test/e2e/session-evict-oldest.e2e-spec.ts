import { describe, expect, it } from 'vitest';
import { MemoryStore } from 'express-session';
import { SESSION_EVICTED_MESSAGES } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';

/** The session data the store holds for `sid`. */
function storedSession(store: MemoryStore, sid: string): Promise<Record<string, any> | null | undefined> {
  return new Promise((resolve, reject) => store.get(sid, (error, data) => (error ? reject(error) : resolve(data as any))));
}

describe('express-session app, evict-oldest (the default)', () => {
  const store = new MemoryStore();
  const app = freshAppPerTest(() => startApp(SessionAppModule.with(), { store }));

  it('lets anonymous requests and routes pass untouched', async () => {
    const anonymous = new Browser(app().url);
    expect(await anonymous.get('/public')).toMatchObject({ status: 200, body: { ok: true } });
    const me = await anonymous.get('/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBeUndefined();
    expect(anonymous.cookieHeader()).toBe('');
  });

  it('signs the older browser out when the account signs in on another one, and says why', async () => {
    const laptop = new Browser(app().url, 'Firefox on Linux');
    const phone = new Browser(app().url, 'Safari on iPhone');
    expect((await signIn(laptop, 'alice')).status).toBe(200);
    expect((await laptop.get('/me')).status).toBe(200);
    const phoneLogin = await signIn(phone, 'alice');
    expect(phoneLogin.status).toBe(200);

    const evicted = await laptop.get('/me');
    expect(evicted.status).toBe(401);
    expect(evicted.body).toMatchObject({
      statusCode: 401,
      code: 'SESSION_EVICTED',
      reason: 'newer-login',
      message: SESSION_EVICTED_MESSAGES['newer-login'],
      by: { loginAt: phoneLogin.body.loginAt, userAgent: 'Safari on iPhone' },
    });
    expect(evicted.body.message).toMatch(/signed in on another device/);
    expect(evicted.body.endedAt).toBeGreaterThanOrEqual(phoneLogin.body.loginAt);

    expect((await phone.get('/me')).status).toBe(200);
  });

  it('keeps a signed-in stamp as one short string, and honours one written as an object by an earlier version', async () => {
    const laptop = new Browser(app().url);
    const login = await signIn(laptop, 'alice');
    const sid = sessionIdOf(laptop);
    const stored = (await storedSession(store, sid))!;
    const [time, userId] = [stored.singleSession.slice(0, stored.singleSession.indexOf(':')), stored.singleSession.slice(stored.singleSession.indexOf(':') + 1)];
    expect(stored.singleSession).toBe(`${login.body.loginAt.toString(36)}:${userId}`);
    expect(parseInt(time, 36)).toBe(login.body.loginAt);

    // As an earlier version stamped it: the session is still the same login, not a new one.
    await new Promise<void>((resolve, reject) => store.set(sid, { ...stored, singleSession: { userId, loginAt: login.body.loginAt } } as any, (error) => (error ? reject(error) : resolve())));
    expect(await laptop.get('/me')).toMatchObject({ status: 200, body: { loginAt: login.body.loginAt } });
    const phoneLogin = await signIn(new Browser(app().url), 'alice');
    expect(phoneLogin.body.loginAt).toBeGreaterThanOrEqual(login.body.loginAt);
    expect((await laptop.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', by: { loginAt: phoneLogin.body.loginAt } });
  });

  it('tells the evicted browser once, then treats it as anonymous', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    await signIn(new Browser(app().url), 'alice');
    expect((await laptop.get('/me')).body.code).toBe('SESSION_EVICTED');
    const after = await laptop.get('/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBeUndefined();
    expect(await laptop.get('/public')).toMatchObject({ status: 200 });
  });

  it('signs the evicted session out in the session store itself, so no route of the app sees its user', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    const sid = sessionIdOf(laptop);
    expect((await storedSession(store, sid))?.passport?.user).toBe('alice');

    await signIn(new Browser(app().url), 'alice');

    const data = await storedSession(store, sid);
    expect(data).toBeTruthy();
    expect(data!.passport).toBeUndefined();
    expect(Object.keys(data!).sort()).toEqual(['cookie', 'singleSession']);
    expect(data!.singleSession.ended).toMatchObject({ reason: 'newer-login' });
    // An @AllowMultiSession route is not checked by the library, yet the browser is anonymous there too.
    const exempt = await laptop.get('/multi');
    expect(exempt.status).toBe(401);
    expect(exempt.body.code).toBeUndefined();
  });

  it('never lets tabs of one browser evict each other, even all at once', async () => {
    const browser = new Browser(app().url);
    const login = await signIn(browser, 'alice');
    const tabs = await Promise.all(Array.from({ length: 12 }, () => browser.get('/me')));
    expect(tabs.map((reply) => reply.status)).toEqual(Array(12).fill(200));
    expect(new Set(tabs.map((reply) => reply.body.handle))).toEqual(new Set([login.body.handle]));
    const sessions = await browser.get('/sessions');
    expect(sessions.body).toHaveLength(1);
    expect(sessions.body[0]).toMatchObject({ handle: login.body.handle, loginAt: login.body.loginAt, current: true });
  });

  it('counts a private window (another cookie jar) as another session', async () => {
    const window = new Browser(app().url);
    const privateWindow = new Browser(app().url);
    await signIn(window, 'alice');
    await Promise.all([window.get('/me'), window.get('/me')]);
    const second = await signIn(privateWindow, 'alice');
    expect(second.status).toBe(200);
    expect((await window.get('/me')).body.code).toBe('SESSION_EVICTED');
    const sessions = await privateWindow.get('/sessions');
    expect(sessions.body.map((session: any) => session.handle)).toEqual([second.body.handle]);
  });

  it('keeps other accounts apart', async () => {
    const alice = new Browser(app().url);
    const bob = new Browser(app().url);
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    expect((await alice.get('/me')).status).toBe(200);
    expect((await bob.get('/me')).status).toBe(200);
  });

  it('re-login in the same browser replaces its own session without a notice', async () => {
    const browser = new Browser(app().url);
    const first = await signIn(browser, 'alice');
    const second = await signIn(browser, 'alice');
    expect(second.status).toBe(200);
    expect(second.body.handle).not.toBe(first.body.handle);
    expect((await browser.get('/me')).status).toBe(200);
  });
});
