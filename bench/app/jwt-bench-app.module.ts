import { randomUUID } from 'node:crypto';
import { Controller, type DynamicModule, Get, HttpCode, Injectable, Post, Req, UseGuards } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { createKeyv } from '@keyv/redis';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { SessionTrackerService, SingleSessionModule } from 'nestjs-single-session';
import { JWT_APP_STORE_TIMEOUT, TRACKER_CLIENT_NAME, type JwtBenchAppOptions } from './bench-app-options.js';
import { type BenchUser, LocalStrategy } from './local-strategy.js';

const JWT_SECRET = 'bench-jwt-secret';

/** What the bench app puts in a token: the account, a random `jti` (the session id) and the login time in fractional seconds. */
interface BenchClaims {
  sub: string;
  jti: string;
  auth_time: number;
}

/** passport-jwt: a bearer token signed with the bench secret; `req.user` is its claims. */
@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: JWT_SECRET });
  }
  validate(claims: BenchClaims): BenchClaims {
    return claims;
  }
}

@Controller()
class JwtBenchController {
  constructor(
    private readonly tracker: SessionTrackerService,
    private readonly jwt: JwtService,
  ) {}

  /** The README's JWT recipe: register the login with the tracker, then sign the token. */
  @Post('login')
  @HttpCode(200)
  @UseGuards(AuthGuard('local'))
  async login(@Req() req: Request & { user: BenchUser }) {
    const claims: BenchClaims = { sub: req.user.id, jti: randomUUID(), auth_time: Date.now() / 1000 };
    await this.tracker.register(req.user, { sessionId: claims.jti, loginAt: Math.round(claims.auth_time * 1000), ip: req.ip, userAgent: req.headers['user-agent'] });
    return { access_token: await this.jwt.signAsync({ ...claims }) };
  }

  /** The protected route: a route-level `AuthGuard('jwt')`, checked by the module's interceptor. */
  @Get('me')
  @UseGuards(AuthGuard('jwt'))
  me(@Req() req: { user: BenchClaims }) {
    return { id: req.user.sub };
  }
}

/**
 * The JWT bench app, wired as the README's JWT recipe and "Storage" say: passport-local login
 * that calls `tracker.register()` and returns a token, passport-jwt on `GET /me`, the tracker on
 * Redis through the app's `CacheModule` (a `@keyv/redis` store), and `recheckInterval: 0`, so
 * every protected request reads the store.
 */
export function jwtBenchAppModule(options: JwtBenchAppOptions): DynamicModule {
  class JwtBenchAppModule {}
  return {
    module: JwtBenchAppModule,
    imports: [
      PassportModule,
      JwtModule.register({ secret: JWT_SECRET, signOptions: { expiresIn: '1h' } }),
      CacheModule.register({ isGlobal: true, stores: [createKeyv({ url: options.redisUrl, name: TRACKER_CLIENT_NAME })] }),
      SingleSessionModule.forRoot({ maxSessions: options.maxSessions ?? Infinity, recheckInterval: 0, storeTimeout: JWT_APP_STORE_TIMEOUT, onStoreError: 'deny' }),
    ],
    controllers: [JwtBenchController],
    providers: [LocalStrategy, JwtStrategy],
  };
}
