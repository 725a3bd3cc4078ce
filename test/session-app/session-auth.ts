import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { checkPassword, userNamed, type AppUser } from './users.js';

/** passport-local: username and password from the JSON body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): AppUser {
    const user = checkPassword(username, password);
    if (!user) throw new UnauthorizedException('Wrong username or password');
    return user;
  }
}

/** Keeps the username in the server session and looks the account up on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: AppUser, done: (err: unknown, id?: unknown) => void) {
    done(null, user.username);
  }
  deserializeUser(username: string, done: (err: unknown, user?: unknown) => void) {
    done(null, userNamed(username) ?? false);
  }
}

/** Authenticates with passport-local, then opens a server session (passport regenerates it). */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    await super.logIn(context.switchToHttp().getRequest());
    return true;
  }
}

/** Lets through requests with a signed-in user, as an app's own auth check would. */
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest().user) throw new UnauthorizedException();
    return true;
  }
}
