import { ForbiddenException } from '@nestjs/common';

/** 403 for a state-changing request without its session's CSRF token: it changed nothing. */
export class CsrfTokenRejectedException extends ForbiddenException {
  constructor() {
    super({
      statusCode: 403,
      code: 'CSRF_TOKEN_INVALID',
      message: 'The request did not carry this session\'s CSRF token (X-CSRF-Token header or _csrf field), so nothing was changed.',
    });
  }
}
