import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { AllowMultiSession, SessionTrackerService } from 'nestjs-single-session';
import { SignedInGuard } from '../session-app/session-auth.js';

export const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
export const LAPTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
export const TABLET = 'Mozilla/5.0 (Tablet; rv:140.0) Gecko/140.0 Firefox/140.0';

/** mobile / web / tablet from the user agent (as the repo's device-class tests classify). */
export const classify = (req: any): string => {
  const userAgent = String(req.headers?.['user-agent'] ?? '');
  return userAgent.includes('Tablet') ? 'tablet' : userAgent.includes('Mobile') ? 'mobile' : 'web';
};

/**
 * A choice endpoint that takes the handle from a JSON body (so a test can send any JSON value:
 * a number, an object, a huge string, a prototype name), as a real app's form/JSON endpoint would.
 */
@Controller('hostile')
@AllowMultiSession()
export class HostileChoiceController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('choose')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async choose(@Req() req: any, @Body() body: { handle: unknown }) {
    await this.tracker.choose(req.user.id, req.sessionID, body.handle as string, req.user);
    return { ok: true };
  }

  @Get('choice')
  @UseGuards(SignedInGuard)
  async choice(@Req() req: any) {
    return (await this.tracker.choiceOf(req.user.id, req.sessionID, req.user)) ?? {};
  }
}
