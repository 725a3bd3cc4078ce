import { Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { JWT_SECRET } from './token-claims.js';

/** Injection token of the claim the app stamps the login time in (a `LoginTimeClaim`). */
export const LOGIN_TIME_CLAIM = Symbol('JWT_APP:LOGIN_TIME_CLAIM');

/** passport-jwt: a bearer token signed with `JWT_SECRET`; `req.user` is its payload. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: JWT_SECRET });
  }
  validate(payload: Record<string, unknown>) {
    return payload;
  }
}

/** Route guard of every signed-in route: a valid bearer token. */
@Injectable()
export class JwtGuard extends AuthGuard('jwt') {}

/** Route guard of the login route: passport-local, no server session. */
@Injectable()
export class PasswordGuard extends AuthGuard('local') {}
