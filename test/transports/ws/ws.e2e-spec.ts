import { describe, expect, it } from 'vitest';
import { WsAdapter } from '@nestjs/platform-ws';
import { closedAfterEach } from '../../support/closed-after-each.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startApp } from '../../support/start-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { JwtAppModule } from '../../jwt-app/jwt-app.module.js';
import { TokenClient } from '../../jwt-app/token-client.js';
import { TokenGateway, WsJwtGuard } from './token.gateway.js';
import { WsClient } from './ws-client.js';

onlyExpectedLogs();

describe('a ws gateway (@nestjs/platform-ws) with bearer tokens on the upgrade request', () => {
  const app = freshAppPerTest(() =>
    startApp(JwtAppModule.with({}, { providers: [TokenGateway, WsJwtGuard] }), {
      sessions: false,
      beforeListen: (nest) => nest.useWebSocketAdapter(new WsAdapter(nest)),
    }),
  );
  const kept = closedAfterEach<WsClient>();
  const connect = async (token: TokenClient) => kept(await WsClient.open(`${app().url.replace('http', 'ws')}/ws`, { authorization: `Bearer ${token.token}` }));

  it('refuses every later message of an evicted token\'s open connection with code SESSION_EVICTED', async () => {
    const laptop = new TokenClient(app().url);
    await laptop.login('alice');
    const socket = await connect(laptop);
    expect(await socket.ask('whoami')).toEqual({ event: 'whoami', data: expect.objectContaining({ username: 'alice', handle: laptop.session!.handle }) });

    const phone = new TokenClient(app().url, 'Safari on iPhone');
    await phone.login('alice');
    for (let message = 0; message < 2; message++) {
      expect(await socket.ask('whoami')).toMatchObject({ event: 'exception', data: { statusCode: 401, code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: 'Safari on iPhone' } } });
    }
    expect(await (await connect(phone)).ask('whoami')).toMatchObject({ event: 'whoami', data: { handle: phone.session!.handle } });
  });

  it('refuses a connection opened with a token after its logout', async () => {
    const client = new TokenClient(app().url);
    await client.login('alice');
    await client.post('/logout');
    expect(await (await connect(client)).ask('whoami')).toMatchObject({ event: 'exception', data: { code: 'SESSION_EVICTED', reason: 'logout' } });
  });
});
