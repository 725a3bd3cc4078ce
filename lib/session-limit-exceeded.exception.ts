import { ForbiddenException, HttpStatus } from '@nestjs/common';
import { SESSION_LIMIT_REACHED } from './single-session.constants.js';

/** Default message of `SessionLimitExceededException`. */
export const SESSION_LIMIT_REACHED_MESSAGE =
  'This account is already signed in on the maximum number of devices. Sign out on one of them, then try again.';

/**
 * 403 sent to a login refused by the `'reject-new'` strategy, with
 * `code: 'SESSION_LIMIT_REACHED'` and the account's limit (`maxSessions`).
 */
export class SessionLimitExceededException extends ForbiddenException {
  constructor(readonly maxSessions?: number, readonly endedAt = Date.now()) {
    super({
      statusCode: HttpStatus.FORBIDDEN,
      error: 'Forbidden',
      code: SESSION_LIMIT_REACHED,
      reason: 'limit',
      message: SESSION_LIMIT_REACHED_MESSAGE,
      maxSessions,
      endedAt,
    });
  }
}
