import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { Logger } from '@nestjs/common';
import { SessionTrackerService, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { maxSessionsByPlan } from '../session-app/users.js';

let errors: MockInstance<Logger['error']>;
beforeEach(() => {
  errors = vi.spyOn(Logger.prototype, 'error');
});
afterEach(() => {
  errors.mockRestore();
});

/** The error lines logged so far that match `pattern`. */
const logged = (pattern: RegExp) => errors.mock.calls.map(([message]) => String(message)).filter((message) => pattern.test(message));

/** Runs `test` against a session app started with `options`, then closes it. */
async function withSessionApp(options: SingleSessionModuleOptions, test: (running: RunningApp) => Promise<void>) {
  const running = await startApp(SessionAppModule.with(options));
  try {
    await test(running);
  } finally {
    await running.close();
  }
}

describe('a user object with no account id', () => {
  it('is logged as an error, once, and the requests still succeed (express-session app)', () =>
    withSessionApp({}, async (running) => {
      const browsers = [new Browser(running.url), new Browser(running.url)];
      for (const browser of browsers) expect((await signIn(browser, 'ghost')).status).toBe(200);
      for (const browser of browsers) expect((await browser.get('/me')).status).toBe(200);
      expect(logged(/getUserId/)).toHaveLength(1);
      expect(logged(/ExceptionsHandler|Internal server error/)).toEqual([]);
    }));

  it('is logged as an error and the login still succeeds (JWT app, tracker.register at login)', async () => {
    const running = await startApp(JwtAppModule.with(), { sessions: false });
    try {
      const client = new TokenClient(running.url);
      expect((await client.login('ghost')).status).toBe(200);
      expect((await client.get('/me')).status).toBe(200);
      expect(logged(/getUserId/).length).toBeGreaterThanOrEqual(1);
    } finally {
      await running.close();
    }
  });
});

describe('a maxSessions function that misbehaves', () => {
  const misbehaving: [string, () => unknown][] = [
    ['throws', () => {
      throw new Error('plan service down');
    }],
    ['rejects', async () => Promise.reject(new Error('plan service down'))],
    ['returns 0', () => 0],
    ['returns a string', () => '2'],
    ['returns NaN', () => NaN],
  ];

  it.each(misbehaving)('lets the request pass and logs an error when it %s', (_, maxSessions) =>
    withSessionApp({ maxSessions: maxSessions as SingleSessionModuleOptions['maxSessions'] }, async (running) => {
      const first = new Browser(running.url);
      const second = new Browser(running.url);
      expect((await signIn(first, 'alice')).status).toBe(200);
      expect((await signIn(second, 'alice')).status).toBe(200);
      expect((await first.get('/me')).status).toBe(200);
      expect((await second.get('/me')).status).toBe(200);
      expect(logged(/maxSessions function/).length).toBeGreaterThanOrEqual(1);
    }),
  );
});

describe('a maxSessions function per plan', () => {
  it('gives a family account three places and a single account one', () =>
    withSessionApp({ maxSessions: async (user) => maxSessionsByPlan(user) }, async (running) => {
      const family = [1, 2, 3, 4].map(() => new Browser(running.url));
      for (const browser of family) await signIn(browser, 'family');
      expect((await family[0].get('/me')).body.code).toBe('SESSION_EVICTED');
      for (const browser of family.slice(1)) expect((await browser.get('/me')).status).toBe(200);

      const single = [1, 2].map(() => new Browser(running.url));
      for (const browser of single) await signIn(browser, 'alice');
      expect((await single[0].get('/me')).body.code).toBe('SESSION_EVICTED');
      expect(await running.app.get(SessionTrackerService).list(3)).toHaveLength(3);
      expect(errors).not.toHaveBeenCalled();
    }));
});
