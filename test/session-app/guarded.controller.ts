import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { SessionTrackerService, SingleSessionGuard } from 'nestjs-single-session';
import { LoginGuard, SignedInGuard } from './session-auth.js';
import { describeSession } from './session-view.js';

/**
 * Routes that apply `SingleSessionGuard` themselves, as an app with `global: false` does.
 * On the login route it runs after the login guard, so it sees the new session. On the other
 * routes it runs first: passport has already restored `req.user` from the session, and an
 * evicted browser (anonymous by then) is told why before `SignedInGuard` refuses it.
 */
@Controller('guarded')
export class GuardedController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard, SingleSessionGuard)
  login(@Req() req: any) {
    return describeSession(this.tracker, req);
  }

  @Get('me')
  @UseGuards(SingleSessionGuard, SignedInGuard)
  me(@Req() req: any) {
    return describeSession(this.tracker, req);
  }
}
