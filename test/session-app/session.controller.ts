import { Controller, Get, HttpCode, type MessageEvent, Param, Post, Req, Sse, UseGuards } from '@nestjs/common';
import { AllowMultiSession, SessionTrackerService } from 'nestjs-single-session';
import type { Observable } from 'rxjs';
import { LoginGuard, SignedInGuard } from './session-auth.js';
import { sessionEndEvents } from './session-end-events.js';
import { describeSession } from './session-view.js';

/** Login, logout, a few signed-in routes and the sessions API of the account. */
@Controller()
export class SessionController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: any) {
    return describeSession(this.tracker, req);
  }

  @Get('me')
  @UseGuards(SignedInGuard)
  me(@Req() req: any) {
    return describeSession(this.tracker, req);
  }

  @Get('multi')
  @AllowMultiSession()
  @UseGuards(SignedInGuard)
  multi(@Req() req: any) {
    return describeSession(this.tracker, req);
  }

  @Get('public')
  open() {
    return { ok: true };
  }

  /** Live sign-out: one `session-end` event with the notice when this session ends, on any instance. */
  @Sse('session-end')
  @AllowMultiSession()
  sessionEnd(@Req() req: any): Observable<MessageEvent> {
    return sessionEndEvents(this.tracker, req);
  }

  @Get('sessions')
  @UseGuards(SignedInGuard)
  async sessions(@Req() req: any) {
    const current = this.tracker.handleOf(req.sessionID);
    const sessions = await this.tracker.list(req.user.id);
    return sessions.map((session) => ({ ...session, current: session.handle === current }));
  }

  @Post('sessions/:handle/revoke')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revoke(@Req() req: any, @Param('handle') handle: string) {
    return { revoked: await this.tracker.revoke(req.user.id, handle) };
  }

  @Post('sessions/revoke-others')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revokeOthers(@Req() req: any) {
    return { revoked: await this.tracker.revokeOthers(req.user.id, req.sessionID) };
  }

  @Post('sessions/revoke-all')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revokeAll(@Req() req: any) {
    return { revoked: await this.tracker.revokeAll(req.user.id) };
  }

  @Post('logout')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async logout(@Req() req: any) {
    await new Promise<void>((resolve, reject) => req.logout((error: unknown) => (error ? reject(error) : resolve())));
    return { ok: true };
  }

  /** Ends the session by destroying it in the store, without passport. */
  @Post('session/destroy')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async destroy(@Req() req: any) {
    await new Promise<void>((resolve, reject) => req.session.destroy((error: unknown) => (error ? reject(error) : resolve())));
    return { ok: true };
  }
}
