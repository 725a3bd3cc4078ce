import type { IncomingMessage } from 'node:http';
import { type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ConnectedSocket, type OnGatewayConnection, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { TokenIssuer } from '../../jwt-app/token-issuer.js';

/** A `ws` client as this gateway keeps it: with the upgrade request it was opened with. */
type Client = WebSocket & { request?: IncomingMessage & { user?: any } };

/** passport-jwt for a `ws` gateway: the bearer token of the client's upgrade request. */
@Injectable()
export class WsJwtGuard extends AuthGuard('jwt') {
  override getRequest(context: ExecutionContext) {
    return context.switchToWs().getClient<Client>().request;
  }
}

/**
 * A gateway on `@nestjs/platform-ws` at `/ws`. Nest gives the upgrade request to
 * `handleConnection` only; the gateway keeps it as `client.request`, where its auth guard and
 * the library read it on every message.
 */
@WebSocketGateway({ path: '/ws' })
export class TokenGateway implements OnGatewayConnection {
  constructor(private readonly tokens: TokenIssuer) {}

  handleConnection(client: Client, request: IncomingMessage) {
    client.request = request;
  }

  @SubscribeMessage('whoami')
  @UseGuards(WsJwtGuard)
  whoami(@ConnectedSocket() client: Client) {
    return { event: 'whoami', data: this.tokens.describe(client.request!.user) };
  }
}
