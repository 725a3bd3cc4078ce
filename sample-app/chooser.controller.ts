import { Controller, Get, Param, Post, Redirect, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { AllowMultiSession, SessionChoiceRequiredException, SessionEvictedException, SessionLimitExceededException } from 'nestjs-single-session';
import { AccountSessions } from './account-sessions.service.js';
import { logOut } from './auth/log-out.js';
import { SignedInGuard } from './auth/signed-in.guard.js';
import { setFlash } from './flash.js';

/**
 * The chooser of `--choose`: a sign-in over the limit picks one of the account's other devices
 * to sign out. `ChoiceRequiredFilter` shows the page while the sign-in waits.
 */
@Controller('choose')
export class ChooserController {
  constructor(private readonly sessions: AccountSessions) {}

  /**
   * The chooser page. While this session waits, the guard answers 409 here and
   * `ChoiceRequiredFilter` shows the choice; a session that holds its place is sent home.
   */
  @Get()
  @UseGuards(SignedInGuard)
  @Redirect('/', 303)
  chooser(): void {}

  /**
   * Signs out the device `handle` and continues here (home). `@AllowMultiSession()`: the waiting
   * session must reach it. A device that can no longer be chosen (signed out meanwhile, taken by
   * another waiting sign-in) brings the chooser back with a note; a choice after the time-out, or
   * after this sign-in was signed out, signs this browser out and the login page says why.
   */
  @Post(':handle')
  @AllowMultiSession()
  @UseGuards(SignedInGuard)
  @Redirect('/', 303)
  async choose(@Req() req: Request, @Param('handle') handle: string): Promise<void> {
    try {
      await this.sessions.choose(req, handle);
    } catch (error) {
      if (error instanceof SessionChoiceRequiredException) {
        setFlash(req, { tone: 'warning', text: 'That device was no longer signed in, or another sign-in chose it first. Choose again.' });
      } else if (error instanceof SessionEvictedException || error instanceof SessionLimitExceededException) {
        await logOut(req);
      }
      throw error;
    }
  }
}
