import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AllowMultiSession, SessionTrackerService } from 'nestjs-single-session';
import { LoginGuard, SignedInGuard } from './session-auth.js';
import { describeSession } from './session-view.js';

/**
 * A controller exempt from the limit as a whole (`@AllowMultiSession()` on the class), with
 * its own login and one handler that opts back in with `@AllowMultiSession(false)`.
 */
@Controller('exempt')
@AllowMultiSession()
export class ExemptController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: any) {
    return describeSession(this.tracker, req);
  }

  @Get('open')
  @UseGuards(SignedInGuard)
  open(@Req() req: any) {
    return describeSession(this.tracker, req);
  }

  @Get('checked')
  @AllowMultiSession(false)
  @UseGuards(SignedInGuard)
  checked(@Req() req: any) {
    return describeSession(this.tracker, req);
  }
}
