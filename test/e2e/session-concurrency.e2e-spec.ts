import { describe, expect, it } from 'vitest';
import { SessionTrackerService, type SingleSessionStrategy } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { rankingErrors, type LoggedIn } from '../session-app/login-order.js';

const CLIENTS = 20;

describe.each([
  { maxSessions: 1, strategy: 'evict-oldest' },
  { maxSessions: 3, strategy: 'evict-oldest' },
  { maxSessions: 1, strategy: 'reject-new' },
  { maxSessions: 3, strategy: 'reject-new' },
] as { maxSessions: number; strategy: SingleSessionStrategy }[])(
  `express-session app: ${CLIENTS} simultaneous logins of one account, maxSessions $maxSessions, $strategy`,
  ({ maxSessions, strategy }) => {
    const app = freshAppPerTest(() => startApp(SessionAppModule.with({ maxSessions, strategy })));

    it(`ends, after two more requests per client, with exactly ${maxSessions} working sessions, none ranked after one left out`, async () => {
      const browsers = Array.from({ length: CLIENTS }, (_, index) => new Browser(app().url, `device ${index}`));
      const logins = await Promise.all(browsers.map((browser) => signIn(browser, 'alice')));
      for (const login of logins) expect([200, 401, 403]).toContain(login.status);
      const admitted: LoggedIn[] = logins.filter((login) => login.status === 200).map((login) => login.body);
      expect(admitted.length).toBeGreaterThanOrEqual(maxSessions);

      await Promise.all(browsers.map((browser) => browser.get('/me')));
      const last = await Promise.all(browsers.map((browser) => browser.get('/me')));

      const working = last.filter((reply) => reply.status === 200).map((reply) => reply.body.handle).sort();
      expect(rankingErrors(working, admitted, maxSessions, strategy)).toEqual([]);
      for (const reply of last) expect([200, 401]).toContain(reply.status);
      const listed = await app().app.get(SessionTrackerService).list(1);
      expect(listed.map((session) => session.handle).sort()).toEqual(working);
    });
  },
);
