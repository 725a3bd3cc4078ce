import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { maxSessionsByPlan } from '../session-app/users.js';
import { sleep } from '../session-app/wait.js';

/** How long (ms) a notice may take to reach an open stream. */
const TOLD_WITHIN = 2000;

/**
 * `GET /session-end` of the test apps is the README's live sign-out route (`@Sse()`,
 * `watchRequest`): an open stream gets one `session-end` event with the notice when its
 * session ends, then ends. One instance, sessions in memory.
 */
describe('live sign-out over server-sent events, express-session (cookies)', () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ maxSessions: maxSessionsByPlan })));
  const watchers = () => app().app.get(SessionTrackerService)['watchers'];

  it('tells the open stream of the evicted session why, once, with the device that took its place; then the stream ends', async () => {
    const older = new Browser(app().url, 'Firefox on Linux');
    await signIn(older, 'alice');
    const stream = await older.eventStream('/session-end');
    expect(stream.status).toBe(200);

    await signIn(new Browser(app().url, 'Chrome on Windows'), 'alice');

    const { type, data } = await stream.first(TOLD_WITHIN);
    expect(type).toBe('session-end');
    expect(data).toEqual({ reason: 'newer-login', endedAt: expect.any(Number), by: { loginAt: expect.any(Number), userAgent: 'Chrome on Windows' } });
    expect(await stream.events).toHaveLength(1);
    expect(watchers().size).toBe(0);
  });

  it('tells every tab of the browser; a revocation from another device says revoked, a logout in another tab says logout', async () => {
    const phone = new Browser(app().url, 'Safari on iPhone');
    const laptop = new Browser(app().url, 'Firefox on Linux');
    const { handle } = (await signIn(phone, 'family')).body;
    await signIn(laptop, 'family');
    const tabs = [await phone.eventStream('/session-end'), await phone.eventStream('/session-end')];
    const laptopTab = await laptop.eventStream('/session-end');

    expect((await laptop.post(`/sessions/${handle}/revoke`)).body).toEqual({ revoked: true });
    for (const tab of tabs) expect((await tab.first(TOLD_WITHIN)).data).toEqual({ reason: 'revoked', endedAt: expect.any(Number) });

    expect((await laptop.post('/logout')).status).toBe(200);
    expect((await laptopTab.first(TOLD_WITHIN)).data).toEqual({ reason: 'logout', endedAt: expect.any(Number) });
  });

  it('answers a browser signed out before it opened the stream with its notice at once; a browser never signed in gets 401', async () => {
    const older = new Browser(app().url);
    await signIn(older, 'bob');
    await signIn(new Browser(app().url, 'Edge on Windows'), 'bob');

    const late = await older.eventStream('/session-end');
    expect((await late.first(TOLD_WITHIN)).data).toMatchObject({ reason: 'newer-login', by: { userAgent: 'Edge on Windows' } });
    expect(await late.events).toHaveLength(1);

    const anonymous = await new Browser(app().url).eventStream('/session-end');
    expect(anonymous.status).toBe(401);
  });

  it('forgets a stream the browser closed: its session ending later tells nobody', async () => {
    const older = new Browser(app().url);
    await signIn(older, 'bob');
    const stream = await older.eventStream('/session-end');
    await until(() => watchers().size === 1);
    stream.close();
    await until(() => watchers().size === 0);
    await signIn(new Browser(app().url), 'bob');
    expect(await stream.events).toEqual([]);
  });
});

describe('live sign-out: a session replaced while idle', () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ idleTimeout: 400, recheckInterval: 100, touchInterval: 50 })));

  it('says idle', async () => {
    const idle = new Browser(app().url);
    await signIn(idle, 'alice');
    const stream = await idle.eventStream('/session-end');
    await sleep(500);
    await signIn(new Browser(app().url, 'Chrome on Windows'), 'alice');
    expect((await stream.first(TOLD_WITHIN)).data).toMatchObject({ reason: 'idle', by: { userAgent: 'Chrome on Windows' } });
  });
});

describe('live sign-out over server-sent events, bearer tokens', () => {
  const app = freshAppPerTest(() => startApp(JwtAppModule.with(), { sessions: false }));

  it('tells the stream of a token when a newer token evicts it', async () => {
    const laptop = new TokenClient(app().url, 'Firefox on Linux');
    await laptop.login('alice');
    const stream = await laptop.eventStream('/session-end');
    expect(stream.status).toBe(200);
    await new TokenClient(app().url, 'Safari on iPhone').login('alice');
    expect((await stream.first(TOLD_WITHIN)).data).toMatchObject({ reason: 'newer-login', by: { userAgent: 'Safari on iPhone' } });
    expect(await stream.events).toHaveLength(1);
  });

  it('answers a token revoked before it opened the stream with its notice at once (the store is asked)', async () => {
    const laptop = new TokenClient(app().url);
    await laptop.login('family');
    await app().app.get(SessionTrackerService).revoke(3, laptop.session!.handle);
    const stream = await laptop.eventStream('/session-end');
    expect((await stream.first(TOLD_WITHIN)).data).toEqual({ reason: 'revoked', endedAt: expect.any(Number) });
  });
});

/** Resolves once `condition` holds, checking every 10 ms for at most 2 s. */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 2000; !condition(); await sleep(10)) {
    if (Date.now() > deadline) throw new Error('the condition did not come true within 2 s');
  }
}
