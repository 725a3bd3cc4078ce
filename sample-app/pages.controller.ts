import { Controller, Get, Inject, Param, Post, Redirect, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllowMultiSession, PreviousSessionEnd, type SessionEndNotice } from 'nestjs-single-session';
import { AccountSessions, userOf } from './account-sessions.service.js';
import { LoginGuard } from './auth/login.guard.js';
import { logOut } from './auth/log-out.js';
import { rememberedUser } from './auth/remembered-user.js';
import { SignedInGuard } from './auth/signed-in.guard.js';
import { setFlash, takeFlash } from './flash.js';
import { signedOutNotice } from './notices.js';
import { SAMPLE_OPTIONS, type SampleAppOptions, strategyOf } from './sample-options.js';
import { csrfTokenOf } from './security/csrf-tokens.js';
import { homePage } from './views/home.page.js';
import { loginPage } from './views/login.page.js';
import { sessionsPage } from './views/sessions.page.js';

/**
 * The server-rendered pages: sign in, home, your sessions. Forms post back with the session's
 * CSRF token (`CsrfMiddleware` refuses them without) and are redirected (303).
 */
@Controller()
export class PagesController {
  constructor(
    private readonly sessions: AccountSessions,
    @Inject(SAMPLE_OPTIONS) private readonly options: SampleAppOptions,
  ) {}

  @Get('login')
  loginForm(@Req() req: Request, @Res() res: Response): void {
    if (req.user) return res.redirect(303, '/');
    const flash = takeFlash(req);
    res.send(loginPage({ csrfToken: csrfTokenOf(req), flash, username: flash?.username ?? rememberedUser(req), strategy: strategyOf(this.options) }));
  }

  @Post('login')
  @UseGuards(LoginGuard)
  @Redirect('/', 303)
  login(): void {}

  /** `@AllowMultiSession()`: signing out needs no place in the account (a sign-in waiting for its choice cancels here). */
  @Post('logout')
  @AllowMultiSession()
  @Redirect('/login', 303)
  async logout(@Req() req: Request): Promise<void> {
    if (!req.user) return;
    await logOut(req);
    setFlash(req, { tone: 'info', text: 'You signed out.' });
  }

  /** Home; after a sign-in that came before this browser was told its previous session ended, it says so. */
  @Get()
  @UseGuards(SignedInGuard)
  async home(@Req() req: Request, @PreviousSessionEnd() previous: SessionEndNotice | undefined): Promise<string> {
    return homePage({
      user: userOf(req),
      csrfToken: csrfTokenOf(req),
      session: await this.sessions.current(req),
      flash: takeFlash(req) ?? (previous && signedOutNotice(previous, userOf(req).username)),
      strategy: strategyOf(this.options),
    });
  }

  @Get('sessions')
  @UseGuards(SignedInGuard)
  async list(@Req() req: Request): Promise<string> {
    return sessionsPage({ user: userOf(req), csrfToken: csrfTokenOf(req), sessions: await this.sessions.list(req), flash: takeFlash(req) });
  }

  @Post('sessions/revoke-others')
  @UseGuards(SignedInGuard)
  @Redirect('/sessions', 303)
  async revokeOthers(@Req() req: Request): Promise<void> {
    const count = await this.sessions.revokeOthers(req);
    setFlash(req, { tone: 'success', text: count === 1 ? 'Signed out 1 other device.' : `Signed out ${count} other devices.` });
  }

  @Post('sessions/:handle/revoke')
  @UseGuards(SignedInGuard)
  @Redirect('/sessions', 303)
  async revoke(@Req() req: Request, @Param('handle') handle: string): Promise<void> {
    const session = await this.sessions.revoke(req, handle);
    setFlash(req, session ? { tone: 'success', text: `Signed out ${session.device}.` } : { tone: 'info', text: 'That session had already ended.' });
  }
}
