import { afterEach, describe, expect, it } from 'vitest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';

/** The address the tracker kept with the browser's session (the sessions API of the account). */
async function keptAddress(browser: Browser): Promise<string | undefined> {
  const sessions = (await browser.get('/sessions')).body as Array<{ current: boolean; ip?: string }>;
  return sessions.find((session) => session.current)?.ip;
}

/**
 * The client address kept with a session is the one Express gives as `req.ip`, whatever the
 * app's `trust proxy` setting and whether the request came through a proxy (`X-Forwarded-For`),
 * or an address a middleware set on the request.
 */
describe('the client address kept with a session', () => {
  let running: RunningApp | undefined;
  afterEach(() => running?.close());

  const start = async (setUp: (app: NestExpressApplication) => void) => {
    running = await startApp(SessionAppModule.with(), { beforeListen: setUp });
    return running.url;
  };
  const signInFrom = async (url: string, headers: Record<string, string>) => {
    const browser = new Browser(url);
    expect((await browser.post('/login', { username: 'alice', password: 'alice-pw' }, headers)).status).toBe(200);
    return browser;
  };

  it('is the socket address when the app trusts no proxy, with or without X-Forwarded-For', async () => {
    const url = await start(() => undefined);
    expect(await keptAddress(await signInFrom(url, {}))).toBe('127.0.0.1');
    expect(await keptAddress(await signInFrom(url, { 'x-forwarded-for': '203.0.113.7' }))).toBe('127.0.0.1');
  });

  it("is the forwarded client when the app trusts the proxy ('trust proxy'), and the socket address without the header", async () => {
    const url = await start((app) => app.set('trust proxy', 'loopback'));
    expect(await keptAddress(await signInFrom(url, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }))).toBe('203.0.113.7');
    expect(await keptAddress(await signInFrom(url, {}))).toBe('127.0.0.1');
  });

  it('is the address a middleware gave the request as its own `ip`', async () => {
    const url = await start((app) =>
      app.use((req: object, _res: unknown, next: () => void) => {
        Object.defineProperty(req, 'ip', { value: '192.0.2.44' });
        next();
      }),
    );
    expect(await keptAddress(await signInFrom(url, {}))).toBe('192.0.2.44');
  });
});
