import { afterEach, describe, expect, it } from 'vitest';
import { Test } from '@nestjs/testing';
import { SingleSessionConfigError, SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';
import { sleep } from '../session-app/wait.js';
import { startChildApp, type ChildApp } from './fixtures/child-app.js';
import { OddUserIdController } from './fixtures/odd-user-ids.js';
import { STORAGES, Storages } from './fixtures/storages.js';

/**
 * Records every interval the process starts from now on, and which were stopped (clearInterval,
 * clearTimeout or the timer's close()).
 */
function watchIntervals() {
  const real = { setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval, clearTimeout: globalThis.clearTimeout };
  const running = new Map<NodeJS.Timeout, string>();
  const stop = (timer: unknown) => running.delete(timer as NodeJS.Timeout);
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const timer = real.setInterval(...args);
    running.set(timer, new Error().stack?.split('\n').slice(2, 5).join(' ← ').trim() ?? '');
    const close = timer.close.bind(timer);
    timer.close = () => {
      stop(timer);
      return close();
    };
    return timer;
  }) as typeof setInterval;
  globalThis.clearInterval = ((timer) => {
    stop(timer);
    real.clearInterval(timer);
  }) as typeof clearInterval;
  globalThis.clearTimeout = ((timer) => {
    stop(timer);
    real.clearTimeout(timer);
  }) as typeof clearTimeout;
  return {
    running: () => [...running.values()],
    restore: () => Object.assign(globalThis, real),
  };
}

/** Issue 8, item 11 — the smaller defects. */
describe('issue 8 item 11: smaller defects', () => {
  const storages = Storages.forFile();

  describe.each(STORAGES)('%s storage', (storage) => {
    let child: ChildApp | undefined;
    afterEach(async () => {
      await child?.stop();
      child = undefined;
    });

    it('an events$ subscriber that throws does not crash the process; the app keeps serving', async () => {
      child = await startChildApp({ redisUrl: storage === 'redis' ? storages.redis.url : undefined, throwingSubscriber: true });
      const browser = new Browser(child.url);
      const login = await signIn(browser, 'alice').catch((error: unknown) => ({ status: `no answer (${String(error)})` }));
      await sleep(300);
      expect(child.exited(), `the app process exited after a subscriber threw: ${child.output().split('\n').filter((line) => /Error/.test(line)).slice(0, 2).join(' / ')}`).toBe(false);
      expect(login.status).toBe(200);
      expect((await browser.get('/me')).status).toBe(200);
      expect((await new Browser(child.url).get('/public')).status).toBe(200);
    });

    it('register() of a user whose id does not convert to text does not throw a TypeError (no 500)', async () => {
      const app = await storages.jwtApp(storage, {}, { controllers: [OddUserIdController] });
      const reply = await new Browser(app.url).post('/odd-id/unconvertible/login');
      expect(reply.status, `register() answered ${reply.text}`).toBe(200);
      expect(storages.logs.matching(/TypeError/)).toEqual([]);
    });

    it('register() of a user whose id is an object with its own toString() works', async () => {
      const app = await storages.jwtApp(storage, {}, { controllers: [OddUserIdController] });
      const reply = await new Browser(app.url).post('/odd-id/to-string/login');
      expect(reply.status, `register() answered ${reply.text}`).toBe(200);
    });

    it('with no getUserId option, a user id that does not convert is reported as such, never as "the getUserId option threw"', async () => {
      storages.logs.clear();
      const app = await storages.jwtApp(storage, {}, { controllers: [OddUserIdController] });
      expect((await new Browser(app.url).get('/odd-id/unconvertible/me')).status).toBe(200);
      const messages = storages.logs.lines.map((line) => line.message);
      expect(messages.filter((message) => /getUserId option threw/.test(message))).toEqual([]);
      expect(messages.some((message) => /getUserId/.test(message)), `logged: ${JSON.stringify(messages)}`).toBe(true);
    });
  });

  describe('private memory store', () => {
    it('closing the app stops every timer the tracker started', async () => {
      const intervals = watchIntervals();
      try {
        const app = await startApp(SessionAppModule.with({}));
        expect((await signIn(new Browser(app.url), 'alice')).status).toBe(200);
        await app.close();
        expect(intervals.running().length, `intervals still running after app.close(), started at: ${intervals.running().join('; ')}`).toBe(0);
      } finally {
        intervals.restore();
      }
    });
  });

  describe('options that let an active session look idle or forgotten fail at start-up, naming the option', () => {
    it.each([
      { ttl: 1000, idleTimeout: 1e7, touchInterval: 5e6 },
      { ttl: 60_000, idleTimeout: 120_000, touchInterval: 60_000 },
      { ttl: 60_000, touchInterval: 60_000 },
    ])('%j', async (options) => {
      const failure = await Test.createTestingModule({ imports: [SingleSessionModule.forRoot(options as SingleSessionModuleOptions)] })
        .compile()
        .then(
          async (module) => {
            await module.close();
            return undefined;
          },
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(SingleSessionConfigError);
      expect((failure as Error).message).toMatch(/"(ttl|idleTimeout|touchInterval)"/);
    });
  });
});
