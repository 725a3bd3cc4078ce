import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { LocalStrategy } from '../session-app/session-auth.js';
import { ExemptTokenController } from './exempt.controller.js';
import { GuardedTokenController } from './guarded.controller.js';
import { JwtGuard, JwtStrategy, LOGIN_TIME_CLAIM, PasswordGuard } from './jwt-auth.js';
import { JwtController } from './jwt.controller.js';
import { JWT_SECRET, type LoginTimeClaim } from './token-claims.js';
import { TokenIssuer } from './token-issuer.js';

/** How a test varies the JWT app beyond the module's options. */
export interface JwtAppVariant {
  /** Claim that carries the login time (see `LoginTimeClaim`). @default 'auth_time' */
  loginTime?: LoginTimeClaim;
  /** Register the app's own `CacheModule` globally, so a test can reach the tracker's cache. */
  appCache?: boolean;
  /** More controllers for a scenario's own routes. */
  controllers?: Type[];
  /** More providers (a gateway and its guards, say). */
  providers?: Type[];
}

/**
 * A stateless app wired as the README's JWT recipe says: passport-local login registers the
 * login with `tracker.register()` and returns a JWT (`sub`, `jti` = random UUID, login time);
 * passport-jwt authenticates each request with a route-level `AuthGuard('jwt')`. Start it with
 * `startApp(..., { sessions: false })`: no express-session, the token's `jti` is the session id.
 */
export class JwtAppModule {
  static with(options: SingleSessionModuleOptions = {}, variant: JwtAppVariant = {}): DynamicModule {
    @Module({
      imports: [
        ...(variant.appCache ? [CacheModule.register({ isGlobal: true })] : []),
        PassportModule,
        JwtModule.register({ secret: JWT_SECRET, signOptions: { expiresIn: '1h' } }),
        SingleSessionModule.forRoot(options),
      ],
      controllers: [JwtController, ExemptTokenController, GuardedTokenController, ...(variant.controllers ?? [])],
      providers: [
        LocalStrategy,
        JwtStrategy,
        JwtGuard,
        PasswordGuard,
        TokenIssuer,
        { provide: LOGIN_TIME_CLAIM, useValue: variant.loginTime ?? 'auth_time' },
        ...(variant.providers ?? []),
      ],
    })
    class AppModule {}
    return { module: AppModule };
  }
}
