import { HttpStatus, UnauthorizedException } from '@nestjs/common';
import { SESSION_EVICTED } from './single-session.constants.js';
import type { SessionEndNotice, SessionEndReason } from './session-record.interface.js';

/** Default messages of `SessionEvictedException`, by reason. */
export const SESSION_EVICTED_MESSAGES: Record<Exclude<SessionEndReason, 'limit'>, string> = {
  'newer-login': 'You were signed out because this account signed in on another device.',
  idle: 'You were signed out because this session was inactive and this account signed in on another device.',
  replaced: 'You were signed out because this account signed in on another device, which chose to take the place of this one.',
  revoked: 'You were signed out from another device of this account.',
  logout: 'This session was signed out.',
};

/**
 * 401 sent to a session this library signed out. Its body carries `code: 'SESSION_EVICTED'`,
 * the `reason`, when it happened (`endedAt`) and, for an eviction, the newer session (`by`),
 * so a front end can tell the person what happened.
 */
export class SessionEvictedException extends UnauthorizedException {
  constructor(readonly notice: SessionEndNotice) {
    super({
      statusCode: HttpStatus.UNAUTHORIZED,
      error: 'Unauthorized',
      code: SESSION_EVICTED,
      message: SESSION_EVICTED_MESSAGES[notice.reason as keyof typeof SESSION_EVICTED_MESSAGES] ?? SESSION_EVICTED_MESSAGES.logout,
      ...notice,
    });
  }
}
