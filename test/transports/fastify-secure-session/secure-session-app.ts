import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import fastifySecureSession from '@fastify/secure-session';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SessionTrackerService } from 'nestjs-single-session';
import { SignedInGuard } from '../../session-app/session-auth.js';
import { usePassportSessions } from '../fastify-session/fastify-auth.js';

/** Key the test app encrypts its session cookies with (32 bytes, as libsodium's secretbox wants). */
const KEY = Buffer.alloc(32, 'secure-session-test-key');

/** Plugins of an app on `@fastify/secure-session` (the session is the encrypted cookie) and `@fastify/passport`, for `startFastifyApp`. */
export async function withSecureSession(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifySecureSession, { key: KEY, cookie: { path: '/', httpOnly: true, sameSite: 'lax' } });
  await usePassportSessions(app);
}

/**
 * A cookie session cannot be destroyed in a store, so its logout is told to the tracker, as
 * for a token, before passport clears the cookie.
 */
@Controller('secure')
export class SecureLogoutController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Post('logout')
  @HttpCode(200)
  @UseGuards(SignedInGuard)
  async logout(@Req() req: any) {
    await this.tracker.logout(req.user.id, this.tracker.sessionIdOf(req)!);
    await req.logOut();
    return { ok: true };
  }
}
