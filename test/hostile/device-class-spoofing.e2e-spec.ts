import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instances } from '../redis/fixtures/instances.js';
import { startSessionInstances } from '../redis/fixtures/redis-session-app.js';
import { RedisTopology } from '../redis/fixtures/redis-topology.js';
import { SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { closedAfterEach } from './closed.js';
import { classify, HostileChoiceController, LAPTOP, PHONE, TABLET } from './hostile-app.js';

/**
 * "A session keeps its class for life" (README, Limits per kind of device). Regressions of a
 * defect: the guard used to look the limit up by the request's current class and rank the
 * session's stored class under it, so a session whose User-Agent changed mid-session escaped its
 * 409 or signed out sessions of another class. The limit of a session is now its stored class's.
 */
describe('device classes: a session changing its User-Agent mid-session', () => {
  const apps = closedAfterEach();
  const start = async (options: SingleSessionModuleOptions): Promise<RunningApp> =>
    apps.add(await startApp(SessionAppModule.with({ deviceClass: classify, recheckInterval: 0, ...options }, { controllers: [HostileChoiceController] })));

  it('guard: the class stored at login stays in list() whatever User-Agent the session sends later', async () => {
    const app = await start({ strategy: 'choose', maxSessions: { web: 1, mobile: 1 } });
    const laptop = new Browser(app.url, LAPTOP);
    expect((await signIn(laptop, 'alice')).status).toBe(200);
    expect((await laptop.get('/me', { 'user-agent': PHONE })).status).toBe(200);
    const tracker = app.app.get(SessionTrackerService);
    expect((await tracker.list(1)).map((session) => session.deviceClass)).toEqual(['web']);
  });

  it("regression, was broken: a pending web login escapes its 409 by sending a phone's User-Agent ({ web: 1, mobile: 2 }); the web class ends with 2 holders", async () => {
    const app = await start({ strategy: 'choose', maxSessions: { web: 1, mobile: 2 } });
    const holder = new Browser(app.url, LAPTOP);
    const pending = new Browser(app.url, LAPTOP);
    expect((await signIn(holder, 'alice')).status).toBe(200);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    expect((await pending.get('/me')).status).toBe(409);

    const spoofed = await pending.get('/me', { 'user-agent': PHONE });
    // Expected: still 409 (its class is 'web', fixed at login; the web class is full).
    expect(spoofed.status).toBe(409);
    const tracker = app.app.get(SessionTrackerService);
    const web = (await tracker.list(1)).filter((session) => session.deviceClass === 'web');
    expect(web.length).toBeLessThanOrEqual(1);
  });

  it("regression, was broken: a pending web login escapes its 409 with a User-Agent the limits do not name ({ web: 1, mobile: 1 }, classifier answers 'tablet')", async () => {
    const app = await start({ strategy: 'choose', maxSessions: { web: 1, mobile: 1 } });
    const holder = new Browser(app.url, LAPTOP);
    const pending = new Browser(app.url, LAPTOP);
    expect((await signIn(holder, 'alice')).status).toBe(200);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    // Expected: 409 — the session is a pending 'web' session; what the classifier says of this request is irrelevant.
    expect((await pending.get('/me', { 'user-agent': TABLET })).status).toBe(409);
  });

  it("regression, was broken: under evict-oldest ({ web: 1, mobile: 3 }), one phone request with a desktop User-Agent ('Request desktop site') signs the account's other phones out", async () => {
    const app = await start({ strategy: 'evict-oldest', maxSessions: { web: 1, mobile: 3 } });
    const phones = [new Browser(app.url, PHONE), new Browser(app.url, PHONE), new Browser(app.url, PHONE)];
    for (const phone of phones) expect((await signIn(phone, 'alice')).status).toBe(200);
    for (const phone of phones) expect((await phone.get('/me')).status).toBe(200);

    expect((await phones[2]!.get('/me', { 'user-agent': LAPTOP })).status).toBe(200);
    // Expected: the three phones are within the mobile limit (3) and all stay signed in.
    expect((await phones[0]!.get('/me')).status).toBe(200);
    expect((await phones[1]!.get('/me')).status).toBe(200);
  });

  it('regression, was broken: maxSessions switching from per-class limits to a number (plan downgrade) does not limit "the whole account whatever the devices": classed sessions are not counted', async () => {
    const plan = { duo: true };
    const app = await start({ strategy: 'choose', maxSessions: () => (plan.duo ? { web: 1, mobile: 1 } : 1) });
    const phone = new Browser(app.url, PHONE);
    const laptop = new Browser(app.url, LAPTOP);
    expect((await signIn(phone, 'alice')).status).toBe(200);
    expect((await signIn(laptop, 'alice')).status).toBe(200);
    plan.duo = false;
    const third = new Browser(app.url, LAPTOP);
    const login = await signIn(third, 'alice');
    for (const browser of [phone, laptop, third]) await browser.get('/me');
    const tracker = app.app.get(SessionTrackerService);
    // README: "a number limits the whole account whatever the classes of its sessions": the third login waits (409), offered every holder whatever its class.
    expect(login.status).toBe(409);
    expect((await tracker.list(1)).length).toBeLessThan(3);
    const waiting = await third.get('/me');
    expect(waiting.body.maxSessions).toBe(1);
    expect(waiting.body.sessions.map((session: { handle: string }) => session.handle).sort()).toEqual((await tracker.list(1)).map((session) => session.handle).sort());
  });
});

describe('device classes on two instances sharing one redis-server: the same spoofing', () => {
  let redis: RedisTopology;
  let instances: Instances;
  beforeAll(async () => {
    redis = await RedisTopology.server();
    instances = await startSessionInstances(redis, { strategy: 'choose', maxSessions: { web: 1, mobile: 2 }, deviceClass: classify, recheckInterval: 0 });
  });
  afterAll(async () => {
    await instances?.close();
    await redis?.stop();
  });

  it("regression, was broken: a pending web login (on instance A) escapes its 409 on instance B by sending a phone's User-Agent; two laptops then hold the web class", async () => {
    const [a, b] = instances.urls as [string, string];
    const holder = new Browser(a, LAPTOP);
    const pending = new Browser(a, LAPTOP);
    expect((await signIn(holder, 'alice')).status).toBe(200);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    expect((await pending.via(b).get('/me', { 'user-agent': PHONE })).status).toBe(409);
    const tracker = instances.apps[0]!.app.get(SessionTrackerService);
    expect((await tracker.list(1)).filter((info) => info.deviceClass === 'web').length).toBeLessThanOrEqual(1);
  });
});
