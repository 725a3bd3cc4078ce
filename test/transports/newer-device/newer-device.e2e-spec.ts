import { describe, expect, it } from 'vitest';
import { Browser } from '../../support/browser.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startApp } from '../../support/start-app.js';
import { SessionAppModule } from '../../session-app/session-app.module.js';
import { signIn } from '../../session-app/session-client.js';
import { JwtAppModule } from '../../jwt-app/jwt-app.module.js';
import { TokenClient } from '../../jwt-app/token-client.js';

onlyExpectedLogs();

/** The 401 an evicted browser of alice gets from an app with `options`. */
async function evictedSessionNotice(showNewerDevice?: boolean) {
  const running = await startApp(SessionAppModule.with(showNewerDevice === undefined ? {} : { showNewerDevice }));
  try {
    const laptop = new Browser(running.url);
    await signIn(laptop, 'alice');
    const newer = await signIn(new Browser(running.url, 'Safari on iPhone'), 'alice');
    return { notice: (await laptop.get('/me')).body, newerLoginAt: newer.body.loginAt };
  } finally {
    await running.close();
  }
}

describe('showNewerDevice', () => {
  it('names the device that took the place by default', async () => {
    const { notice } = await evictedSessionNotice();
    expect(notice.by).toMatchObject({ userAgent: 'Safari on iPhone' });
  });

  it('false: the evicted session learns when the other login happened, not on what device', async () => {
    const { notice, newerLoginAt } = await evictedSessionNotice(false);
    expect(notice).toMatchObject({ statusCode: 401, code: 'SESSION_EVICTED', reason: 'newer-login' });
    expect(notice.by).toEqual({ loginAt: newerLoginAt });
    expect(JSON.stringify(notice)).not.toContain('iPhone');
  });

  it('false: the same for a refused token', async () => {
    const running = await startApp(JwtAppModule.with({ showNewerDevice: false }), { sessions: false });
    try {
      const laptop = new TokenClient(running.url);
      await laptop.login('alice');
      await new TokenClient(running.url, 'Safari on iPhone').login('alice');
      const refused = await laptop.get('/me');
      expect(refused.body).toMatchObject({ code: 'SESSION_EVICTED', by: { loginAt: expect.any(Number) } });
      expect(refused.body.by.userAgent).toBeUndefined();
    } finally {
      await running.close();
    }
  });
});
