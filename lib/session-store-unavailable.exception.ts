import { HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { SESSION_STORE_UNAVAILABLE } from './single-session.constants.js';

/** 503 sent while the tracker's store cannot be reached and `onStoreError` is `'deny'`. */
export class SessionStoreUnavailableException extends ServiceUnavailableException {
  constructor() {
    super({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      code: SESSION_STORE_UNAVAILABLE,
      message: 'Sessions cannot be checked right now. Please try again in a moment.',
    });
  }
}
