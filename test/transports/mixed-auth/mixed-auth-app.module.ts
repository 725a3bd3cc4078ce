import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { JwtGuard, JwtStrategy, LOGIN_TIME_CLAIM, PasswordGuard } from '../../jwt-app/jwt-auth.js';
import { JWT_SECRET } from '../../jwt-app/token-claims.js';
import { TokenIssuer } from '../../jwt-app/token-issuer.js';
import { LocalStrategy, LoginGuard, SessionSerializer, SignedInGuard } from '../../session-app/session-auth.js';
import { SessionController } from '../../session-app/session.controller.js';
import { ApiController } from './api.controller.js';

/** What a scenario adds to the mixed app: modules (GraphQL, say) and providers (resolvers, gateways). */
export interface MixedAuthVariant {
  imports?: DynamicModule[];
  providers?: Type[];
}

/**
 * Web pages on cookies and a mobile API on bearer tokens, in one Express app: express-session
 * and passport's session for every request (start it with `startApp`), passport-local logins
 * for both, passport-jwt on `/api`.
 */
export class MixedAuthAppModule {
  static with(options: SingleSessionModuleOptions = {}, variant: MixedAuthVariant = {}): DynamicModule {
    @Module({
      imports: [
        PassportModule.register({ session: true }),
        JwtModule.register({ secret: JWT_SECRET, signOptions: { expiresIn: '1h' } }),
        SingleSessionModule.forRoot(options),
        ...(variant.imports ?? []),
      ],
      controllers: [SessionController, ApiController],
      providers: [
        LocalStrategy,
        SessionSerializer,
        LoginGuard,
        SignedInGuard,
        JwtStrategy,
        JwtGuard,
        PasswordGuard,
        TokenIssuer,
        { provide: LOGIN_TIME_CLAIM, useValue: 'auth_time' },
        ...(variant.providers ?? []),
      ],
    })
    class AppModule {}
    return { module: AppModule };
  }
}
