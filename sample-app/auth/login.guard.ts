import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { User } from '../users.js';
import { rememberUser } from './remembered-user.js';

/**
 * Checks the credentials with passport-local, then opens the server session (passport
 * regenerates it) and remembers the username in this browser, for the notices and the form,
 * whatever the session limit then says. SingleSessionModule's guard checks the new session right after.
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const http = context.switchToHttp();
    await super.logIn(http.getRequest());
    rememberUser(http.getResponse(), (http.getRequest().user as User).username);
    return true;
  }
}
