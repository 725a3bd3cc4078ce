import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { PreviousSessionEnd, type SessionEndNotice } from 'nestjs-single-session';
import { LoginGuard, SignedInGuard } from '../../session-app/session-auth.js';

/** Login routes and a page that show the browser's previous session end (`@PreviousSessionEnd()`), as a login page would. */
@Controller('notice')
export class NoticeController {
  /** A login that tells the person at once why their previous session ended. */
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: any, @PreviousSessionEnd() previous: SessionEndNotice | undefined) {
    return { username: req.user.username, previous: previous ?? null };
  }

  /** A login that says nothing: the next page does. */
  @Post('quiet-login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  quietLogin(@Req() req: any) {
    return { username: req.user.username };
  }

  @Get('home')
  @UseGuards(SignedInGuard)
  home(@PreviousSessionEnd() previous: SessionEndNotice | undefined) {
    return { previous: previous ?? null };
  }
}
