import { describe, expect, it } from 'vitest';
import { SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { LogCapture } from '../support/log-capture.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const LAPTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const TABLET = 'Mozilla/5.0 (Tablet; rv:140.0) Gecko/140.0 Firefox/140.0';

/** Mobile, web, or (for the misconfiguration case) tablet, from the user agent. */
const deviceClass: SingleSessionModuleOptions['deviceClass'] = (req) => {
  const userAgent = String(req.headers?.['user-agent'] ?? '');
  return userAgent.includes('Tablet') ? 'tablet' : userAgent.includes('Mobile') ? 'mobile' : 'web';
};

/** Limits per device class over real HTTP (express-session + passport-local, tracker in memory). */
describe('maxSessions per device class ({ web: 1, mobile: 1 })', () => {
  describe.each(['evict-oldest', 'choose'] as const)('%s', (strategy) => {
    const app = freshAppPerTest(() => startApp(SessionAppModule.with({ strategy, maxSessions: { web: 1, mobile: 1 }, deviceClass })));
    const tracker = () => app().app.get(SessionTrackerService);

    it('keeps a phone and a laptop signed in side by side; list() shows each class', async () => {
      const phone = new Browser(app().url, PHONE);
      const laptop = new Browser(app().url, LAPTOP);
      expect((await signIn(phone, 'alice')).status).toBe(200);
      expect((await signIn(laptop, 'alice')).status).toBe(200);
      expect((await phone.get('/me')).status).toBe(200);
      expect((await laptop.get('/me')).status).toBe(200);
      const listed = await tracker().list(1);
      expect(Object.fromEntries(listed.map((session) => [session.handle, session.deviceClass]))).toEqual({
        [tracker().handleOf(sessionIdOf(phone))]: 'mobile',
        [tracker().handleOf(sessionIdOf(laptop))]: 'web',
      });
    });

    it('a second laptop contends only with the first laptop; the phone is left alone', async () => {
      const phone = new Browser(app().url, PHONE);
      const laptop = new Browser(app().url, LAPTOP);
      const second = new Browser(app().url, LAPTOP);
      await signIn(phone, 'alice');
      await signIn(laptop, 'alice');
      const login = await signIn(second, 'alice');
      if (strategy === 'evict-oldest') {
        expect(login.status).toBe(200);
        expect((await laptop.get('/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
      } else {
        expect(login.status).toBe(409);
        expect(login.body).toMatchObject({ deviceClass: 'web', maxSessions: 1, sessions: [{ handle: tracker().handleOf(sessionIdOf(laptop)), deviceClass: 'web' }] });
        expect(login.body.sessions).toHaveLength(1);
        expect((await laptop.get('/me')).status).toBe(200);
      }
      expect((await phone.get('/me')).status).toBe(200);
    });
  });

  describe('a class the limits do not name', () => {
    const app = freshAppPerTest(() => startApp(SessionAppModule.with({ maxSessions: { web: 1, mobile: 1 }, deviceClass })));

    it('is logged as an error naming the class, and the request passes unchecked (it never fails the request)', async () => {
      const from = LogCapture.current().lines.length;
      const tablet = new Browser(app().url, TABLET);
      expect((await signIn(tablet, 'alice')).status).toBe(200);
      expect((await tablet.get('/me')).status).toBe(200);
      const errors = LogCapture.current().lines.slice(from);
      expect(errors).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining("device class 'tablet'") })]);
    });
  });
});
