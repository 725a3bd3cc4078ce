import { Controller, Get, HttpCode, type MessageEvent, Param, Post, Req, Sse, UseGuards } from '@nestjs/common';
import { AllowMultiSession, SessionTrackerService } from 'nestjs-single-session';
import type { Observable } from 'rxjs';
import { sessionEndEvents } from '../session-app/session-end-events.js';
import { JwtGuard, PasswordGuard } from './jwt-auth.js';
import { TokenIssuer } from './token-issuer.js';

/** Token login and logout, a few signed-in routes and the account's sessions. */
@Controller()
export class JwtController {
  constructor(
    private readonly tracker: SessionTrackerService,
    private readonly tokens: TokenIssuer,
  ) {}

  /** Checked by `register()` (in `TokenIssuer.login`), not by the guard: the request has no token yet. */
  @Post('login')
  @HttpCode(200)
  @AllowMultiSession()
  @UseGuards(PasswordGuard)
  login(@Req() req: any) {
    return this.tokens.login(req.user, req);
  }

  @Get('me')
  @UseGuards(JwtGuard)
  me(@Req() req: any) {
    return this.tokens.describe(req.user);
  }

  @Get('multi')
  @AllowMultiSession()
  @UseGuards(JwtGuard)
  multi(@Req() req: any) {
    return this.tokens.describe(req.user);
  }

  @Get('public')
  open() {
    return { ok: true };
  }

  /** Live sign-out for a bearer token: one `session-end` event with the notice when the token's session ends. */
  @Sse('session-end')
  @AllowMultiSession()
  @UseGuards(JwtGuard)
  sessionEnd(@Req() req: any): Observable<MessageEvent> {
    return sessionEndEvents(this.tracker, req);
  }

  @Get('sessions')
  @UseGuards(JwtGuard)
  sessions(@Req() req: any) {
    return this.tracker.list(req.user.sub);
  }

  /** "Sign out everywhere else": every other session of the account. */
  @Post('sessions/revoke-others')
  @HttpCode(200)
  @UseGuards(JwtGuard)
  async revokeOthers(@Req() req: any) {
    return { revoked: await this.tracker.revokeOthers(req.user.sub, req.user.jti) };
  }

  /** "Sign out everywhere" (after a password change): every session of the account, this one too. */
  @Post('sessions/revoke-all')
  @HttpCode(200)
  @UseGuards(JwtGuard)
  async revokeAll(@Req() req: any) {
    return { revoked: await this.tracker.revokeAll(req.user.sub) };
  }

  /** Under `'choose'`: this pending token takes the place of the session `handle` (exempt, so that a pending token reaches it). */
  @Post('choice/:handle')
  @HttpCode(200)
  @AllowMultiSession()
  @UseGuards(JwtGuard)
  async choose(@Req() req: any, @Param('handle') handle: string) {
    await this.tracker.choose(req.user.sub, req.user.jti, handle, req.user);
    return this.tokens.describe(req.user);
  }

  /** A token cannot be destroyed: the app tells the tracker, which refuses it from now on. */
  @Post('logout')
  @HttpCode(200)
  @UseGuards(JwtGuard)
  async logout(@Req() req: any) {
    await this.tracker.logout(req.user.sub, req.user.jti);
    return { ok: true };
  }
}
