import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@fastify/session';
import { Browser } from '../../support/browser.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startFastifyApp } from '../../support/start-fastify-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { signIn } from '../../session-app/session-client.js';
import { FastifySessionAppModule, fastifySessionIdOf, withFastifySession } from './fastify-session-app.module.js';

/** What `store` holds for the browser's session. */
function storedSession(store: MemoryStore, browser: Browser): Promise<Record<string, any> | null | undefined> {
  return new Promise((resolve, reject) => store.get(fastifySessionIdOf(browser.cookieHeader()), (error, data) => (error ? reject(error) : resolve(data as any))));
}

onlyExpectedLogs();

describe('Fastify with @fastify/session and @fastify/passport, evict-oldest', () => {
  const store = new MemoryStore();
  const app = freshAppPerTest(() => startFastifyApp(FastifySessionAppModule.with(), withFastifySession(store)));

  it('stamps each login with the store\'s time, so the newer login wins whichever session comes back first', async () => {
    const laptop = new Browser(app().url, 'Firefox on Linux');
    const phone = new Browser(app().url, 'Safari on iPhone');
    const first = await signIn(laptop, 'alice');
    const second = await signIn(phone, 'alice');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.loginAt).toBeGreaterThanOrEqual(first.body.loginAt);

    // The older session is the first to come back: it is refused, not the newer one.
    const evicted = await laptop.get('/me');
    expect(evicted.status).toBe(401);
    expect(evicted.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', by: { loginAt: second.body.loginAt, userAgent: 'Safari on iPhone' } });
    expect(await phone.get('/me')).toMatchObject({ status: 200, body: { username: 'alice', handle: second.body.handle } });
    expect((await phone.get('/sessions')).body.map((session: any) => session.handle)).toEqual([second.body.handle]);
  });

  it('signs the evicted session out in its store, so no route sees its user, and tells the browser once', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    expect((await storedSession(store, laptop))?.passport).toBe('alice');

    await signIn(new Browser(app().url), 'alice');

    const data = await storedSession(store, laptop);
    expect(data?.passport).toBeUndefined();
    expect(data?.singleSession.ended).toMatchObject({ reason: 'newer-login', reported: false });
    const exempt = await laptop.get('/multi');
    expect(exempt.status).toBe(401);
    expect(exempt.body.code).toBeUndefined();
    expect((await laptop.get('/me')).body.code).toBe('SESSION_EVICTED');
    const after = await laptop.get('/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBeUndefined();
  });

  it('lets the evicted browser sign in again at the first try', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    await signIn(new Browser(app().url), 'alice');
    expect((await signIn(laptop, 'alice')).status).toBe(200);
    expect((await laptop.get('/me')).status).toBe(200);
  });

  it('lets tabs of one browser share its session', async () => {
    const browser = new Browser(app().url);
    const login = await signIn(browser, 'alice');
    const tabs = await Promise.all(Array.from({ length: 8 }, () => browser.get('/me')));
    expect(tabs.map((reply) => reply.status)).toEqual(Array(8).fill(200));
    expect(new Set(tabs.map((reply) => reply.body.handle))).toEqual(new Set([login.body.handle]));
  });
});

describe('Fastify with @fastify/session and @fastify/passport, reject-new', () => {
  const store = new MemoryStore();
  const app = freshAppPerTest(() => startFastifyApp(FastifySessionAppModule.with({ strategy: 'reject-new' }), withFastifySession(store)));

  it('refuses a login while the account is full; the holder keeps it', async () => {
    const holder = new Browser(app().url);
    const late = new Browser(app().url);
    expect((await signIn(holder, 'alice')).status).toBe(200);
    const refused = await signIn(late, 'alice');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
    expect((await late.get('/me')).status).toBe(401);
    expect((await holder.get('/me')).status).toBe(200);
  });

  it('frees the place when the session is destroyed in the store by a logout, before the logout answers', async () => {
    const holder = new Browser(app().url);
    await signIn(holder, 'alice');
    expect((await holder.post('/logout')).status).toBe(200);
    expect((await signIn(new Browser(app().url), 'alice')).status).toBe(200);
  });
});
