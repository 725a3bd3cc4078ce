import { type INestApplication, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
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
  /** `false`: no express-session and no passport session (a stateless JWT app). */
  sessions?: boolean;
  /** express-session's `resave`: write every session back at the end of each request. @default false */
  resave?: boolean;
}

/** Starts a real Nest app over HTTP on 127.0.0.1 with express-session (its store shared if given) and passport. */
export async function startApp(module: Type | DynamicModule, options: StartAppOptions = {}): Promise<RunningApp> {
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: ['error', 'warn'] });
  if (options.sessions !== false) {
    app.use(
      session({
        secret: 'test-secret',
        resave: options.resave ?? false,
        saveUninitialized: false,
        store: options.store,
        cookie: { httpOnly: true, sameSite: 'lax' },
      }),
    );
    app.use(passport.session());
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
