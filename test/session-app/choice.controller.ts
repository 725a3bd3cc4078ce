import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { AllowMultiSession, SessionTrackerService } from 'nestjs-single-session';
import { SignedInGuard } from './session-auth.js';
import { describeSession } from './session-view.js';

/** The choice endpoint of `strategy: 'choose'`: exempt, so that a pending session can reach it. */
@Controller('choice')
@AllowMultiSession()
export class ChoiceController {
  constructor(private readonly tracker: SessionTrackerService) {}

  /** What this session may choose while it waits (an empty object when it does not wait). */
  @Get()
  @UseGuards(SignedInGuard)
  async choice(@Req() req: any) {
    return (await this.tracker.choiceOf(req.user.id, req.sessionID, req.user)) ?? {};
  }

  /** Signs out the session `handle` so that this pending session takes its place. */
  @Post(':handle')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async choose(@Req() req: any, @Param('handle') handle: string) {
    await this.tracker.choose(req.user.id, req.sessionID, handle, req.user);
    return describeSession(this.tracker, req);
  }
}
