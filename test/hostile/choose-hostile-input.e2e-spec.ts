import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionTrackerService, type SessionEvent, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { RedisTopology } from '../redis/fixtures/redis-topology.js';
import { withTrackerOnRedis } from '../redis/fixtures/tracker-on-redis.js';
import { closedAfterEach } from './closed.js';
import { classify, HostileChoiceController, LAPTOP, PHONE } from './hostile-app.js';

/** Handles a hostile client may post to a choice endpoint that reads them from a JSON body. */
const NOT_HANDLES: Array<[string, unknown]> = [
  ['a number', 12345],
  ['null', null],
  ['an object', { handle: 'x' }],
  ['an array', ['x']],
  ['a 60 kB string', 'x'.repeat(60_000)],
  ['an empty string', ''],
  ["the store's '#mark' field", '#mark'],
  ["the store's '#seq' field", '#seq'],
];
/** Names that a plain JS object answers without holding them. */
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe.each(['memory', 'redis'] as const)('choose() with hostile input, tracker in %s', (storage) => {
  let redis: RedisTopology | undefined;
  beforeAll(async () => {
    if (storage === 'redis') redis = await RedisTopology.server();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const apps = closedAfterEach();
  async function start(options: SingleSessionModuleOptions): Promise<{ app: RunningApp; tracker: SessionTrackerService; events: SessionEvent[] }> {
    await redis?.flushAll();
    const module = SessionAppModule.with({ strategy: 'choose', recheckInterval: 0, ...options }, { controllers: [HostileChoiceController] });
    const app = apps.add(await startApp(redis ? withTrackerOnRedis(module, redis) : module));
    const tracker = app.app.get(SessionTrackerService);
    const events: SessionEvent[] = [];
    tracker.events$.subscribe((event) => events.push(event));
    return { app, tracker, events };
  }

  /** alice: a holder and a pending login; bob: a holder. */
  async function scene(options: SingleSessionModuleOptions = {}) {
    const started = await start(options);
    const holder = new Browser(started.app.url, 'holder');
    const pending = new Browser(started.app.url, 'pending');
    const bob = new Browser(started.app.url, 'bob');
    expect((await signIn(holder, 'alice')).status).toBe(200);
    expect((await signIn(bob, 'bob')).status).toBe(200);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    return { ...started, holder, pending, bob };
  }

  async function expectNobodySignedOut(s: Awaited<ReturnType<typeof scene>>) {
    expect((await s.holder.get('/me')).status).toBe(200);
    expect((await s.bob.get('/me')).status).toBe(200);
    expect((await s.pending.get('/me')).status).toBe(409);
    expect(s.events.filter((event) => event.type !== 'registered' && event.type !== 'pending')).toEqual([]);
  }

  it.each(NOT_HANDLES)('guard: %s as the handle answers 409 with the sessions, never 500, signs nobody out', async (_name, handle) => {
    const s = await scene();
    const reply = await s.pending.post('/hostile/choose', { handle });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ code: 'SESSION_CHOICE_REQUIRED', sessions: [{ handle: s.tracker.handleOf(sessionIdOf(s.holder)) }] });
    await expectNobodySignedOut(s);
  });

  it('guard: the handle of a session of another account answers 409 and leaves that account alone', async () => {
    const s = await scene();
    const reply = await s.pending.post('/hostile/choose', { handle: s.tracker.handleOf(sessionIdOf(s.bob)) });
    expect(reply.status).toBe(409);
    await expectNobodySignedOut(s);
  });

  it("guard: the pending session's own handle answers 409", async () => {
    const s = await scene();
    expect((await s.pending.post('/hostile/choose', { handle: s.tracker.handleOf(sessionIdOf(s.pending)) })).status).toBe(409);
    await expectNobodySignedOut(s);
  });

  it('guard: a session that holds its place calling choose() (naming the pending session, or bob\'s) changes nothing (resolves)', async () => {
    const s = await scene();
    for (const victim of [s.pending, s.bob]) {
      expect((await s.holder.post('/hostile/choose', { handle: s.tracker.handleOf(sessionIdOf(victim)) })).status).toBe(200);
    }
    await expectNobodySignedOut(s);
  });

  it.each(PROTOTYPE_NAMES)("regression, was broken in memory: '%s' as the handle to choose is taken for a session: a bogus 'evicted'/'replaced' event, never a real session", async (name) => {
    const s = await scene();
    const reply = await s.pending.post('/hostile/choose', { handle: name });
    expect(reply.status).toBe(409);
    await expectNobodySignedOut(s);
  });

  it.each(PROTOTYPE_NAMES)("regression, was broken in memory: revoke(userId, '%s') answers true and emits a 'revoked' event for a session that does not exist", async (name) => {
    const s = await scene();
    expect(await s.tracker.revoke(1, name)).toBe(false);
    await expectNobodySignedOut(s);
  });

  it("guard: a session of another device class answers 409; the other class's session stays", async () => {
    const started = await start({ maxSessions: { web: 1, mobile: 1 }, deviceClass: classify });
    const phone = new Browser(started.app.url, PHONE);
    const laptop = new Browser(started.app.url, LAPTOP);
    const pending = new Browser(started.app.url, LAPTOP);
    expect((await signIn(phone, 'alice')).status).toBe(200);
    expect((await signIn(laptop, 'alice')).status).toBe(200);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    const reply = await pending.post('/hostile/choose', { handle: started.tracker.handleOf(sessionIdOf(phone)) });
    expect(reply.status).toBe(409);
    expect(reply.body.sessions.map((session: { handle: string }) => session.handle)).toEqual([started.tracker.handleOf(sessionIdOf(laptop))]);
    expect((await phone.get('/me')).status).toBe(200);
    expect((await laptop.get('/me')).status).toBe(200);
    expect((await pending.get('/me')).status).toBe(409);
  });
});
