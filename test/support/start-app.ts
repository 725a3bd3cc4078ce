import { type INestApplication, type DynamicModule, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import session, { type Store } from 'express-session';
import passport from 'passport';

/** A started app and the URL it listens on (loopback, a free port). */
export interface RunningApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** How `startApp` sets up express-session. */
export interface StartAppOptions {
  /** Session store shared between apps (express-session's MemoryStore by default). */
  store?: Store;
  /** Nest log levels of the app (the library's lines go to the test's `LogCapture`). @default ['error', 'warn'] */
  logLevels?: LogLevel[];
  /** `false`: no express-session and no passport session (a stateless JWT app). */
  sessions?: boolean;
  /** express-session's `resave`: write every session back at the end of each request. @default false */
  resave?: boolean;
  /**
   * Called before the app listens, with the session middleware it mounted (express-session, then
   * passport's session; none without sessions): to share them with a WebSocket adapter, say.
   */
  beforeListen?: (app: NestExpressApplication, sessionMiddleware: RequestHandler[]) => void;
}

/** Starts a real Nest app over HTTP on 127.0.0.1 with express-session (its store shared if given) and passport. */
export async function startApp(module: Type | DynamicModule, options: StartAppOptions = {}): Promise<RunningApp> {
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: options.logLevels ?? ['error', 'warn'] });
  const sessionMiddleware: RequestHandler[] =
    options.sessions === false
      ? []
      : [
          session({
            secret: 'test-secret',
            resave: options.resave ?? false,
            saveUninitialized: false,
            store: options.store,
            cookie: { httpOnly: true, sameSite: 'lax' },
          }),
          passport.session(),
        ];
  for (const middleware of sessionMiddleware) app.use(middleware);
  options.beforeListen?.(app, sessionMiddleware);
  return listening(app);
}

/** Makes `app` listen on a free loopback port and describes it. */
export async function listening(app: INestApplication): Promise<RunningApp> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
