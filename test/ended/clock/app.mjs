// A server-session app (express-session + passport-local) in plain JavaScript, so that it runs
// in a child process without a TypeScript loader: decorators are applied by hand. It uses the
// BUILT package (`dist/`, made by `npm run build`, which `npm test` runs first).
//
// Environment:
//   PORT                    port to listen on (0: any free port); prints `LISTENING <port>` when ready
//   REDIS_URL               when set, sessions live in Redis (connect-redis) and the tracker too
//                           (CacheModule on @keyv/redis); otherwise both are in memory
//   SINGLE_SESSION_OPTIONS  JSON of SingleSessionModule.forRoot() options
//   THROWING_SUBSCRIBER     when '1', an events$ subscriber that throws on every event
//   CLOCK_SHIFT_MS          read by the shift-clock.mjs preload, not here
import 'reflect-metadata';
import {
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CacheModule } from '@nestjs/cache-manager';
import { AuthGuard, PassportModule, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { createKeyv } from '@keyv/redis';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import session from 'express-session';
import passport from 'passport';
import { AllowMultiSession, SessionTrackerService, SingleSessionModule } from '../../../dist/index.js';

const USERS = {
  alice: { id: 1, username: 'alice', password: 'alice-pw' },
  bob: { id: 2, username: 'bob', password: 'bob-pw' },
};

/** Applies method and parameter decorators the way TypeScript would. */
function decorate(cls, method, decorators, params = []) {
  const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, method);
  for (const decorator of decorators) decorator(cls.prototype, method, descriptor);
  params.forEach((decorator, index) => decorator(cls.prototype, method, index));
}

class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username, password) {
    const user = USERS[username];
    if (!user || user.password !== password) throw new UnauthorizedException('Wrong username or password');
    return user;
  }
}
Injectable()(LocalStrategy);

class SessionSerializer extends PassportSerializer {
  serializeUser(user, done) {
    done(null, user.username);
  }
  deserializeUser(username, done) {
    done(null, USERS[username] ?? false);
  }
}
Injectable()(SessionSerializer);

/** passport-local, then passport's logIn (which regenerates the session). */
class LoginGuard extends AuthGuard('local') {
  async canActivate(context) {
    await super.canActivate(context);
    await super.logIn(context.switchToHttp().getRequest());
    return true;
  }
}
Injectable()(LoginGuard);

class SignedInGuard {
  canActivate(context) {
    if (!context.switchToHttp().getRequest().user) throw new UnauthorizedException();
    return true;
  }
}
Injectable()(SignedInGuard);

class AppController {
  constructor(tracker) {
    this.tracker = tracker;
  }
  describe(req) {
    return { username: req.user.username, handle: this.tracker.handleOf(req.sessionID) };
  }
  login(req) {
    return this.describe(req);
  }
  me(req) {
    return this.describe(req);
  }
  multi(req) {
    return this.describe(req);
  }
  open() {
    return { ok: true, now: Date.now() };
  }
  async logout(req) {
    await new Promise((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
    return { ok: true };
  }
}
Reflect.defineMetadata('design:paramtypes', [SessionTrackerService], AppController);
Controller()(AppController);
decorate(AppController, 'login', [Post('login'), HttpCode(200), UseGuards(LoginGuard)], [Req()]);
decorate(AppController, 'me', [Get('me'), UseGuards(SignedInGuard)], [Req()]);
decorate(AppController, 'multi', [Get('multi'), AllowMultiSession(), UseGuards(SignedInGuard)], [Req()]);
decorate(AppController, 'open', [Get('public')]);
decorate(AppController, 'logout', [Post('logout'), HttpCode(200), UseGuards(SignedInGuard)], [Req()]);

const redisUrl = process.env.REDIS_URL;
const options = JSON.parse(process.env.SINGLE_SESSION_OPTIONS || '{}');

class AppModule {}
Module({
  imports: [
    ...(redisUrl ? [CacheModule.register({ isGlobal: true, stores: [createKeyv(redisUrl)] })] : []),
    PassportModule.register({ session: true }),
    SingleSessionModule.forRoot(options),
  ],
  controllers: [AppController],
  providers: [LocalStrategy, SessionSerializer, LoginGuard, SignedInGuard],
})(AppModule);

async function main() {
  let store;
  if (redisUrl) {
    const client = createClient({ url: redisUrl });
    client.on('error', () => undefined);
    await client.connect();
    store = new RedisStore({ client, prefix: 'sess:' });
  }
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.use(session({ secret: 'clock-test-secret', resave: false, saveUninitialized: false, store, cookie: { httpOnly: true, sameSite: 'lax' } }));
  app.use(passport.session());
  if (process.env.THROWING_SUBSCRIBER === '1') {
    app.get(SessionTrackerService).events$.subscribe(() => {
      throw new Error('audit subscriber failed');
    });
  }
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  console.log(`LISTENING ${app.getHttpServer().address().port}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
