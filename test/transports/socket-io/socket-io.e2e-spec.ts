import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { Browser } from '../../support/browser.js';
import { closedAfterEach } from '../../support/closed-after-each.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startApp } from '../../support/start-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { SessionAppModule } from '../../session-app/session-app.module.js';
import { signIn } from '../../session-app/session-client.js';
import { SessionIoAdapter } from './session-io.adapter.js';
import { SessionGateway, WsSignedInGuard } from './session.gateway.js';
import { ask, openSocket } from './socket-client.js';

onlyExpectedLogs();

describe('a socket.io gateway with the browser\'s session (express-session on the handshake)', () => {
  const app = freshAppPerTest(() =>
    startApp(SessionAppModule.with({}, { providers: [SessionGateway, WsSignedInGuard] }), {
      beforeListen: (nest, sessionMiddleware) => nest.useWebSocketAdapter(new SessionIoAdapter(nest, sessionMiddleware)),
    }),
  );
  const kept = closedAfterEach<Socket>();
  const open = async (browser: Browser) => kept(await openSocket(app().url, browser.cookieHeader()));

  it('refuses every later message of an evicted session\'s open socket with code SESSION_EVICTED', async () => {
    const laptop = new Browser(app().url);
    const login = await signIn(laptop, 'alice');
    const socket = await open(laptop);
    expect(await ask(socket, 'whoami')).toEqual({ ack: { username: 'alice', handle: login.body.handle } });

    const phone = new Browser(app().url, 'Safari on iPhone');
    await signIn(phone, 'alice');
    for (let message = 0; message < 2; message++) {
      const refused = await ask(socket, 'whoami');
      expect(refused).toMatchObject({ exception: { statusCode: 401, code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: 'Safari on iPhone' } } });
    }
    expect(await ask(await open(phone), 'whoami')).toMatchObject({ ack: { username: 'alice' } });
  });

  it('tells a socket opened by the evicted browser afterwards once, then it is anonymous', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    await signIn(new Browser(app().url), 'alice');
    const socket = await open(laptop);
    expect(await ask(socket, 'whoami')).toMatchObject({ exception: { code: 'SESSION_EVICTED', reason: 'newer-login' } });
    expect(await ask(socket, 'whoami')).toMatchObject({ exception: { status: 'error', message: 'unauthorized' } });
  });
});
