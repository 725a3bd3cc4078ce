import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { recordEvents } from '../session-app/events.js';

describe('express-session app: logout removes the session from the tracker by itself', () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ maxSessions: 2 })));
  const tracker = () => app().app.get(SessionTrackerService);

  it('forgets a session logged out with passport\'s req.logout(); the other session of the account stays', async () => {
    const events = recordEvents(app());
    const leaving = new Browser(app().url);
    const staying = new Browser(app().url);
    const left = (await signIn(leaving, 'alice')).body;
    const stays = (await signIn(staying, 'alice')).body;
    expect(await tracker().list(1)).toHaveLength(2);

    expect((await leaving.post('/logout')).status).toBe(200);

    expect((await tracker().list(1)).map((session) => session.handle)).toEqual([stays.handle]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'logged-out', userId: '1', handle: left.handle, reason: 'logout' }));
    const after = await leaving.get('/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBeUndefined();
    expect((await staying.get('/me')).status).toBe(200);
  });

  it('forgets a session destroyed with req.session.destroy()', async () => {
    const browser = new Browser(app().url);
    await signIn(browser, 'alice');
    expect((await browser.post('/session/destroy')).status).toBe(200);
    expect(await tracker().list(1)).toEqual([]);
  });

  it('does not count a logged-out session against a later login', async () => {
    for (const name of ['one', 'two', 'three', 'four']) {
      const browser = new Browser(app().url, name);
      await signIn(browser, 'alice');
      await browser.post('/logout');
    }
    const first = new Browser(app().url);
    const second = new Browser(app().url);
    await signIn(first, 'alice');
    await signIn(second, 'alice');
    expect((await first.get('/me')).status).toBe(200);
    expect((await second.get('/me')).status).toBe(200);
  });
});

describe('express-session app, reject-new: logout frees the place', () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ strategy: 'reject-new' })));

  it('lets another browser in right after the holder logged out', async () => {
    const holder = new Browser(app().url);
    const other = new Browser(app().url);
    await signIn(holder, 'alice');
    expect((await signIn(other, 'alice')).status).toBe(403);
    await holder.post('/logout');
    expect(await app().app.get(SessionTrackerService).list(1)).toEqual([]);
    expect((await signIn(other, 'alice')).status).toBe(200);
    expect((await other.get('/me')).status).toBe(200);
  });
});
