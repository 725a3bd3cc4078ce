import { Controller, Get, HttpCode, Post, Req, UnauthorizedException, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { SessionTrackerService } from 'nestjs-single-session';
import { LoginGuard, type User } from './auth.js';

/** Log in, and read who is signed in with the session's tracked login time. */
@Controller()
export class AppController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: Request): User {
    return req.user as User;
  }

  @Get('me')
  async me(@Req() req: Request) {
    const user = req.user as User | undefined;
    if (!user) throw new UnauthorizedException();
    const sessions = await this.tracker.list(user.id);
    return { username: user.username, sessions: sessions.length };
  }
}
