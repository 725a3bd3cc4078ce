import { describe, expect, it } from 'vitest';
import { SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { closedAfterEach } from './closed.js';
import { HostileChoiceController, LAPTOP, PHONE } from './hostile-app.js';

describe('the classifier and the limit, asked on every request', () => {
  const apps = closedAfterEach();
  const start = async (options: SingleSessionModuleOptions): Promise<RunningApp> =>
    apps.add(await startApp(SessionAppModule.with({ recheckInterval: 0, ...options }, { controllers: [HostileChoiceController] })));

  it("regression, was broken: a classifier that throws on a request without User-Agent lets a pending session through (its class was fixed at login)", async () => {
    const app = await start({
      strategy: 'choose',
      maxSessions: { web: 1, mobile: 1 },
      deviceClass: (req: any) => {
        const userAgent = req.headers?.['user-agent'];
        if (!userAgent) throw new Error('no user agent');
        return userAgent.includes('Mobile') ? 'mobile' : 'web';
      },
    });
    const holder = new Browser(app.url, LAPTOP);
    const pending = new Browser(app.url, LAPTOP);
    expect((await signIn(holder, 'alice')).status).toBe(200);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    expect((await pending.get('/me', { 'user-agent': '' })).status).toBe(409);
  });

  it('regression, was broken: after the limit shrinks (plan downgrade 3 → 1) while a login waits, its choice signs the chosen session out AND another holder (403 limit), and the chooser is still not admitted (409)', async () => {
    const plan = { limit: 3 };
    const app = await start({ strategy: 'choose', maxSessions: () => plan.limit });
    const tracker = app.app.get(SessionTrackerService);
    const holders = [1, 2, 3].map((i) => new Browser(app.url, `holder-${i}`));
    for (const holder of holders) expect((await signIn(holder, 'alice')).status).toBe(200);
    const pending = new Browser(app.url, PHONE);
    expect((await signIn(pending, 'alice')).status).toBe(409);
    plan.limit = 1;
    const chosen = await pending.post('/hostile/choose', { handle: tracker.handleOf(sessionIdOf(holders[0]!)) });
    const statuses = await Promise.all(holders.map(async (holder) => (await holder.get('/me')).status));
    // Expected (README: "In one atomic store call choose() signs the chosen session out … and admits the pending session"):
    // either the choice is made (chooser 200, chosen 401) or nothing is ended (409, every holder as before).
    const made = chosen.status === 200 && statuses[0] === 401;
    const nothing = chosen.status === 409 && statuses[0] === 200;
    expect({ chosen: chosen.status, statuses, madeOrNothing: made || nothing }).toEqual({ chosen: chosen.status, statuses, madeOrNothing: true });
  });
});
