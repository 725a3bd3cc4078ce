import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { SignInRequiredException } from './sign-in-required.exception.js';

/** Lets through requests with a signed-in user; the others get `SignInRequiredException`. */
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest().user) throw new SignInRequiredException();
    return true;
  }
}
