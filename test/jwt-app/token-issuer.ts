import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { SessionTrackerService, type SessionChoice } from 'nestjs-single-session';
import type { AppUser } from '../session-app/users.js';
import { LOGIN_TIME_CLAIM } from './jwt-auth.js';
import { loginAtOf, newTokenClaims, type LoginTimeClaim, type TokenClaims } from './token-claims.js';

/**
 * What the login route answers: the token, and the session's handle and login time (epoch ms);
 * under `'choose'`, when the account is full, the choice its person must make (`register()`'s answer).
 */
export interface IssuedToken {
  access_token: string;
  handle: string;
  loginAt: number;
  choice?: SessionChoice;
}

/**
 * Issues tokens as the README's JWT recipe says: new claims, `tracker.register()` (which, under
 * `'reject-new'`, refuses a full account with a 403 before any token exists), then the signature.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly tracker: SessionTrackerService,
    private readonly jwt: JwtService,
    @Inject(LOGIN_TIME_CLAIM) private readonly claim: LoginTimeClaim,
  ) {}

  /** Registers a login of `user` from the request `req` and returns its token. */
  async login(user: AppUser, req: any): Promise<IssuedToken> {
    const claims = newTokenClaims(user, this.claim);
    const choice = await this.tracker.register(user, { sessionId: claims.jti, loginAt: loginAtOf(claims), ip: req.ip, userAgent: req.headers['user-agent'] });
    const issued: IssuedToken = { access_token: this.sign(claims), handle: this.tracker.handleOf(claims.jti), loginAt: loginAtOf(claims) };
    if (choice) issued.choice = choice;
    return issued;
  }

  /** Signs claims as they are (tests use it to mint tokens with chosen login times). */
  sign(claims: TokenClaims): string {
    return this.jwt.sign({ ...claims });
  }

  /** What the app answers about the current token's session. */
  describe(claims: TokenClaims) {
    return { sub: claims.sub ?? null, username: claims.username, handle: this.tracker.handleOf(claims.jti), loginAt: loginAtOf(claims) };
  }
}
