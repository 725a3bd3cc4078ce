import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { SingleSessionGuard } from './single-session.guard.js';

/**
 * Runs the guard's check again after every guard of the route, for what a global guard
 * cannot see yet: the session a login route's auth guard has just created (so `'reject-new'`
 * refuses the login itself), and the user that a route-level `AuthGuard('jwt')` authenticates.
 * A session already checked during the request is not checked twice.
 * Registered with the guard by `SingleSessionModule` unless `global: false`.
 */
@Injectable()
export class SingleSessionInterceptor implements NestInterceptor {
  constructor(private readonly guard: SingleSessionGuard) {}

  /** Checks the request's session (unless the guard already did), then runs the handler. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.guard.canActivate(context)).pipe(switchMap(() => next.handle()));
  }
}
