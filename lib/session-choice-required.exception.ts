import { ConflictException, HttpStatus } from '@nestjs/common';
import { SESSION_CHOICE_REQUIRED } from './single-session.constants.js';
import type { SessionChoice } from './session-record.interface.js';

/** Default message of `SessionChoiceRequiredException`. */
export const SESSION_CHOICE_REQUIRED_MESSAGE =
  'This account is already signed in on the maximum number of devices. Choose one of them to sign out to continue here.';

/**
 * 409 sent, under `strategy: 'choose'`, to every request of a pending session outside
 * `@AllowMultiSession()` routes, and by `SessionTrackerService.choose()` when the chosen
 * session can no longer be chosen. Its body carries `code: 'SESSION_CHOICE_REQUIRED'`, the
 * sessions to choose from (`sessions`: handle, loginAt, lastSeenAt, ip, userAgent — never an
 * id), `choiceExpiresAt`, `maxSessions` and the `deviceClass` when classes are used.
 */
export class SessionChoiceRequiredException extends ConflictException {
  constructor(readonly choice: SessionChoice) {
    super({
      statusCode: HttpStatus.CONFLICT,
      error: 'Conflict',
      code: SESSION_CHOICE_REQUIRED,
      message: SESSION_CHOICE_REQUIRED_MESSAGE,
      ...choice,
    });
  }
}
