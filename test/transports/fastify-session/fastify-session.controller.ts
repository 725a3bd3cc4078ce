import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AllowMultiSession, SessionTrackerService } from 'nestjs-single-session';
import { SignedInGuard } from '../../session-app/session-auth.js';
import { stampedLoginAt } from '../../session-app/stamped-login-at.js';
import { FastifyLoginGuard } from './fastify-auth.js';

/** Login, logout and signed-in routes of a Fastify app whose sessions come from a Fastify session plugin. */
@Controller()
export class FastifySessionController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(FastifyLoginGuard)
  login(@Req() req: any) {
    return this.describe(req);
  }

  @Get('me')
  @UseGuards(SignedInGuard)
  me(@Req() req: any) {
    return this.describe(req);
  }

  @Get('multi')
  @AllowMultiSession()
  @UseGuards(SignedInGuard)
  multi(@Req() req: any) {
    return this.describe(req);
  }

  @Get('sessions')
  @UseGuards(SignedInGuard)
  sessions(@Req() req: any) {
    return this.tracker.list(req.user.id);
  }

  @Post('logout')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async logout(@Req() req: any) {
    await req.logOut();
    return { ok: true };
  }

  /** The account, the session's handle and its login time as the library stamped it. */
  private describe(req: any) {
    return { username: req.user.username, handle: this.tracker.handleOf(this.tracker.sessionIdOf(req)!), loginAt: stampedLoginAt(req.session) };
  }
}
