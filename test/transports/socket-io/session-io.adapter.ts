import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { RequestHandler } from 'express';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io with the app's session: express-session and passport's session run on each
 * handshake (socket.io's own recipe, `io.engine.use()`), so `client.request` carries the
 * browser's `session`, `sessionID` and `user`.
 */
export class SessionIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly sessionMiddleware: RequestHandler[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    for (const middleware of this.sessionMiddleware) server.engine.use(middleware);
    return server;
  }
}
