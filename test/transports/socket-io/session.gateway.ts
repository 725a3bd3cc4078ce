import { type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway, WsException } from '@nestjs/websockets';
import { SessionTrackerService } from 'nestjs-single-session';
import type { Socket } from 'socket.io';

/** Lets through messages of a socket whose handshake came from a signed-in browser. */
@Injectable()
export class WsSignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToWs().getClient<Socket>().request as { user?: unknown };
    if (!request.user) throw new WsException('unauthorized');
    return true;
  }
}

/** A socket.io gateway of the session app: who is on this socket. */
@WebSocketGateway()
export class SessionGateway {
  constructor(private readonly tracker: SessionTrackerService) {}

  @SubscribeMessage('whoami')
  @UseGuards(WsSignedInGuard)
  whoami(@ConnectedSocket() client: Socket) {
    const request = client.request as any;
    return { username: request.user.username, handle: this.tracker.handleOf(request.sessionID) };
  }
}
