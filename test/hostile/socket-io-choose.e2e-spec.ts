import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { closedAfterEach } from '../support/closed-after-each.js';
import { startApp } from '../support/start-app.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { SessionIoAdapter } from '../transports/socket-io/session-io.adapter.js';
import { SessionGateway, WsSignedInGuard } from '../transports/socket-io/session.gateway.js';
import { ask, openSocket } from '../transports/socket-io/socket-client.js';

/** GUARDS: strategy 'choose' over a socket.io gateway whose handshake carries the express-session. */
describe("socket.io gateway, strategy 'choose'", () => {
  const app = freshAppPerTest(() =>
    startApp(SessionAppModule.with({ strategy: 'choose' }, { providers: [SessionGateway, WsSignedInGuard] }), {
      beforeListen: (nest, sessionMiddleware) => nest.useWebSocketAdapter(new SessionIoAdapter(nest, sessionMiddleware)),
    }),
  );
  const kept = closedAfterEach<Socket>();
  const open = async (browser: Browser) => kept(await openSocket(app().url, browser.cookieHeader()));

  it("guard: a pending browser's socket gets SESSION_CHOICE_REQUIRED on every message; once it chose, its socket works and the replaced holder's socket is refused 'replaced'", async () => {
    const holder = new Browser(app().url, 'holder');
    await signIn(holder, 'alice');
    const holderSocket = await open(holder);
    expect(await ask(holderSocket, 'whoami')).toMatchObject({ ack: { username: 'alice' } });
    const pending = new Browser(app().url, 'pending');
    expect((await signIn(pending, 'alice')).status).toBe(409);
    const socket = await open(pending);
    for (let i = 0; i < 3; i++) expect(await ask(socket, 'whoami')).toMatchObject({ exception: { code: 'SESSION_CHOICE_REQUIRED' } });

    const handle = app().app.get(SessionTrackerService).handleOf(sessionIdOf(holder));
    expect((await pending.post(`/choice/${handle}`)).status).toBe(200);
    expect(await ask(socket, 'whoami')).toMatchObject({ ack: { username: 'alice' } });
    expect(await ask(holderSocket, 'whoami')).toMatchObject({ exception: { code: 'SESSION_EVICTED', reason: 'replaced' } });
  });
});
