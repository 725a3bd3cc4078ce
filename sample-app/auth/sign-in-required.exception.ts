import { UnauthorizedException } from '@nestjs/common';

/** 401 of the sample's own auth: no one is signed in, or the credentials were wrong. */
export class SignInRequiredException extends UnauthorizedException {
  constructor(message = 'Please sign in.') {
    super(message);
  }
}
