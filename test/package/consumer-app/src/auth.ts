import { type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';

/** The consumer's user, as `req.user`. */
export interface User {
  id: number;
  username: string;
}

const USERS: Record<string, User & { password: string }> = {
  alice: { id: 1, username: 'alice', password: 'secret' },
};

/** passport-local over one hard-coded account. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): User {
    const user = USERS[username];
    if (!user || user.password !== password) throw new UnauthorizedException();
    return { id: user.id, username: user.username };
  }
}

/** Keeps the username in the session. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: User, done: (error: unknown, username?: string) => void): void {
    done(null, user.username);
  }

  deserializeUser(username: string, done: (error: unknown, user?: User | false) => void): void {
    const user = USERS[username];
    done(null, user ? { id: user.id, username: user.username } : false);
  }
}

/** The README's login guard: authenticate, then open the session. */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    await super.logIn(context.switchToHttp().getRequest());
    return true;
  }
}
