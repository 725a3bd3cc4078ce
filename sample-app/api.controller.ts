import { Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { AllowMultiSession } from 'nestjs-single-session';
import { AccountSessions, userOf } from './account-sessions.service.js';
import { LoginGuard } from './auth/login.guard.js';
import { logOut } from './auth/log-out.js';
import { SignedInGuard } from './auth/signed-in.guard.js';
import { SAMPLE_OPTIONS, type SampleAppOptions, strategyOf } from './sample-options.js';
import { csrfTokenOf } from './security/csrf-tokens.js';
import { limitOf } from './users.js';

/**
 * The same account as JSON, for scripts and tests. Every POST carries the session's CSRF token
 * in the `X-CSRF-Token` header (`GET /api/csrf`; it changes when the session signs in or out), or
 * gets 403 `code: 'CSRF_TOKEN_INVALID'`. Errors of the library come back as its JSON bodies:
 * 401 `code: 'SESSION_EVICTED'`, 403 `code: 'SESSION_LIMIT_REACHED'`, and with `--choose` 409
 * `code: 'SESSION_CHOICE_REQUIRED'` (with the `sessions` to choose from) until `POST /api/choose/:handle`.
 */
@Controller('api')
export class ApiController {
  constructor(
    private readonly sessions: AccountSessions,
    @Inject(SAMPLE_OPTIONS) private readonly options: SampleAppOptions,
  ) {}

  /**
   * The session's CSRF token, for the `X-CSRF-Token` header of the POSTs (a session cookie comes
   * with it). `@AllowMultiSession()`: a session that waits for its choice needs it to choose.
   */
  @Get('csrf')
  @AllowMultiSession()
  csrf(@Req() req: Request) {
    return { token: csrfTokenOf(req) };
  }

  /** `{ username, password }` → the signed-in user, with a new session cookie (and so a new CSRF token). */
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() req: Request) {
    return this.me(req);
  }

  /** Who is signed in, on which session, and the account's limit. */
  @Get('me')
  @UseGuards(SignedInGuard)
  async me(@Req() req: Request) {
    const user = userOf(req);
    return {
      username: user.username,
      displayName: user.displayName,
      maxSessions: limitOf(user),
      strategy: strategyOf(this.options),
      session: await this.sessions.current(req),
    };
  }

  /** The account's live sessions, newest first; `current` marks the caller's. */
  @Get('sessions')
  @UseGuards(SignedInGuard)
  list(@Req() req: Request) {
    return this.sessions.list(req);
  }

  /** Signs everyone else out. */
  @Post('sessions/revoke-others')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revokeOthers(@Req() req: Request) {
    return { revoked: await this.sessions.revokeOthers(req) };
  }

  /** Signs one other session out by its handle. */
  @Post('sessions/:handle/revoke')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async revoke(@Req() req: Request, @Param('handle') handle: string) {
    return { revoked: (await this.sessions.revoke(req, handle)) !== undefined };
  }

  /** With `--choose`, for a session that waits: signs out the session `handle` (from the 409's `sessions`) and takes its place. */
  @Post('choose/:handle')
  @HttpCode(200)
  @AllowMultiSession()
  @UseGuards(SignedInGuard)
  async choose(@Req() req: Request, @Param('handle') handle: string) {
    await this.sessions.choose(req, handle);
    return this.me(req);
  }

  /** Signs this session out (also one that waits for its choice). */
  @Post('logout')
  @HttpCode(200)
  @AllowMultiSession()
  @UseGuards(SignedInGuard)
  async logout(@Req() req: Request) {
    await logOut(req);
    return { signedOut: true };
  }
}
