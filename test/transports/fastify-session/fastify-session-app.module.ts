import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import fastifyCookie from '@fastify/cookie';
import fastifySession, { type SessionStore } from '@fastify/session';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { LocalStrategy, SignedInGuard } from '../../session-app/session-auth.js';
import { FastifyLoginGuard, usePassportSessions } from './fastify-auth.js';
import { FastifySessionController } from './fastify-session.controller.js';

/** A Fastify app with passport-local logins and sessions from a Fastify session plugin (see `withFastifySession`), plus a scenario's `controllers`. */
export class FastifySessionAppModule {
  static with(options: SingleSessionModuleOptions = {}, controllers: Type[] = []): DynamicModule {
    @Module({
      imports: [PassportModule, SingleSessionModule.forRoot(options)],
      controllers: [FastifySessionController, ...controllers],
      providers: [LocalStrategy, FastifyLoginGuard, SignedInGuard],
    })
    class AppModule {}
    return { module: AppModule };
  }
}

/** Secret the test app signs its session cookies with (`@fastify/session` wants 32 characters or more). */
const SECRET = 'fastify-session-test-secret-of-32-characters';

/** Plugins of an app on `@fastify/session` (over `store`) and `@fastify/passport`, for `startFastifyApp`. */
export function withFastifySession(store: SessionStore) {
  return async (app: NestFastifyApplication) => {
    await app.register(fastifyCookie);
    await app.register(fastifySession, { secret: SECRET, store, saveUninitialized: false, cookie: { secure: false, httpOnly: true, sameSite: 'lax' } });
    await usePassportSessions(app);
  };
}

/** The raw `@fastify/session` id in the browser's signed `sessionId` cookie (`<id>.<signature>`). */
export function fastifySessionIdOf(cookieHeader: string): string {
  const cookie = cookieHeader.split('; ').find((pair) => pair.startsWith('sessionId='));
  if (!cookie) throw new Error('the browser has no session cookie');
  const signed = decodeURIComponent(cookie.slice('sessionId='.length));
  return signed.slice(0, signed.lastIndexOf('.'));
}
