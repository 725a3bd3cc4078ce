import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser, type Reply } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import type { Instances } from '../redis/fixtures/instances.js';
import { startSessionInstances } from '../redis/fixtures/redis-session-app.js';
import { TOPOLOGIES, type RedisTopology } from '../redis/fixtures/redis-topology.js';

const LIMIT = 2;
const PENDING = 20;
const ROUNDS = 3;

type Setup = { urls: string[]; tracker: () => SessionTrackerService; reset: () => Promise<void>; close: () => Promise<void> };

const handles = (reply: Reply): string[] => (reply.body?.sessions ?? []).map((session: { handle: string }) => session.handle);
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

/**
 * GUARDS: 20 pending logins racing to choose among 2 holders, each naming a random session of
 * its 409 (many name the same one, many name one already replaced). After the dust settles the
 * limit holds in the store AND over HTTP, somebody holds, and every pending browser that is still
 * waiting gets its place by choosing a current holder (nobody stuck).
 */
async function raceRound(setup: Setup, userId = 1, username = 'alice') {
  const { urls } = setup;
  const holders = [0, 1].map((i) => new Browser(urls[i % urls.length]!, `holder-${i}`));
  for (const holder of holders) expect((await signIn(holder, username)).status).toBe(200);
  const pending = Array.from({ length: PENDING }, (_, i) => new Browser(urls[i % urls.length]!, `pending-${i}`));
  const logins = await Promise.all(pending.map((browser) => signIn(browser, username)));
  for (const login of logins) expect(login.status).toBe(409);

  const choices = await Promise.all(pending.map((browser, i) => browser.post(`/choice/${pick(handles(logins[i]!))}`)));
  for (const choice of choices) expect([200, 409]).toContain(choice.status);
  expect(choices.filter((choice) => choice.status === 200).length).toBeGreaterThanOrEqual(1);

  const everyone = [...holders, ...pending];
  const holdingOverHttp = async () => {
    const statuses = await Promise.all(everyone.map(async (browser) => (await browser.get('/me')).status));
    return everyone.filter((_, i) => statuses[i] === 200);
  };
  const listed = await setup.tracker().list(userId);
  expect(listed.length).toBeLessThanOrEqual(LIMIT);
  expect(listed.length).toBeGreaterThanOrEqual(1);
  const holding = await holdingOverHttp();
  expect(holding.length).toBeLessThanOrEqual(LIMIT);
  expect(holding.map((browser) => setup.tracker().handleOf(sessionIdOf(browser))).sort()).toEqual(listed.map((session) => session.handle).sort());

  // Nobody stuck: every browser still waiting takes a place by choosing a current holder.
  for (const browser of pending) {
    const now = await browser.get('/me');
    if (now.status !== 409) continue;
    const chosen = await browser.post(`/choice/${handles(now)[0]}`);
    expect(chosen.status).toBe(200);
    expect((await browser.get('/me')).status).toBe(200);
  }
  const final = await holdingOverHttp();
  expect(final.length).toBe(LIMIT);
  expect((await setup.tracker().list(userId)).length).toBe(LIMIT);
}

describe("'choose' races on one instance, tracker in memory", () => {
  let setup: Setup;
  beforeAll(async () => {
    const app = await startApp(SessionAppModule.with({ strategy: 'choose', maxSessions: LIMIT, recheckInterval: 0 }));
    setup = { urls: [app.url], tracker: () => app.app.get(SessionTrackerService), reset: async () => undefined, close: () => app.close() };
  });
  afterAll(() => setup?.close());

  it(`guard: ${PENDING} pending logins racing for ${LIMIT} places (${ROUNDS} rounds, a new account each)`, async () => {
    const accounts: Array<[number, string]> = [[1, 'alice'], [2, 'bob'], [3, 'family']];
    for (const [id, name] of accounts.slice(0, ROUNDS)) await raceRound(setup, id, name);
  });
});

describe.each(TOPOLOGIES)("'choose' races and chaos on two instances sharing %s", (_name, start) => {
  let redis: RedisTopology;
  let instances: Instances;
  beforeAll(async () => {
    redis = await start();
    instances = await startSessionInstances(redis, { strategy: 'choose', maxSessions: LIMIT, recheckInterval: 0 });
  });
  afterAll(async () => {
    await instances?.close();
    await redis?.stop();
  });

  it(`guard: ${PENDING} pending logins racing for ${LIMIT} places (${ROUNDS} rounds)`, async () => {
    const setup: Setup = { urls: instances.urls, tracker: () => instances.apps[0]!.app.get(SessionTrackerService), reset: () => redis.flushAll(), close: async () => undefined };
    for (let round = 0; round < ROUNDS; round++) {
      await redis.flushAll();
      await raceRound(setup);
    }
  });

  it('guard: choices racing with a logout of a chosen holder: limit respected, no free place left while logins wait, nobody stuck (3 rounds)', async () => {
    const setup: Setup = { urls: instances.urls, tracker: () => instances.apps[0]!.app.get(SessionTrackerService), reset: () => redis.flushAll(), close: async () => undefined };
    for (let round = 0; round < ROUNDS; round++) {
      await redis.flushAll();
      await chaosRound(setup);
    }
  });
});

/** GUARD: choices racing with a holder's logout (and pending browsers trying the app's non-exempt logout route: 409). */
async function chaosRound(setup: Setup) {
  const { urls } = setup;
  const holders = [0, 1].map((i) => new Browser(urls[i % urls.length]!, `holder-${i}`));
  for (const holder of holders) expect((await signIn(holder, 'alice')).status).toBe(200);
  const pending = Array.from({ length: 12 }, (_, i) => new Browser(urls[i % urls.length]!, `pending-${i}`));
  const logins = await Promise.all(pending.map((browser) => signIn(browser, 'alice')));
  for (const login of logins) expect(login.status).toBe(409);
  const givingUp = new Set([pending[3], pending[7], pending[11]]);
  const replies = await Promise.all([
    holders[0]!.post('/logout'),
    holders[1]!.get('/me'),
    ...pending.map((browser, i) => (givingUp.has(browser) ? browser.post('/logout') : browser.post(`/choice/${pick(handles(logins[i]!))}`))),
  ]);
  for (const reply of replies) expect(reply.status).toBeLessThan(500);
  const everyone = [...holders, ...pending];
  const statuses = await Promise.all(everyone.map(async (browser) => (await browser.get('/me')).status));
  const listed = await setup.tracker().list(1);
  expect(listed.length).toBeLessThanOrEqual(LIMIT);
  expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(LIMIT);
  // A free place is never left while somebody waits: after one more request each, the account is full.
  await Promise.all(everyone.map((browser) => browser.get('/me')));
  expect((await setup.tracker().list(1)).length).toBe(LIMIT);
  for (const browser of pending) {
    const now = await browser.get('/me');
    if (now.status !== 409) continue;
    expect((await browser.post(`/choice/${handles(now)[0]}`)).status).toBe(200);
  }
  expect((await setup.tracker().list(1)).length).toBe(LIMIT);
}
