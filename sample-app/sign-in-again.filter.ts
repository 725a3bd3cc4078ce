import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SessionEvictedException, SessionLimitExceededException } from 'nestjs-single-session';
import { isApiRequest } from './api-request.js';
import { SignInRequiredException } from './auth/sign-in-required.exception.js';
import { rememberedUser } from './auth/remembered-user.js';
import { setFlash } from './flash.js';
import { sessionEndFlash } from './notices.js';
import { SAMPLE_OPTIONS, type SampleAppOptions, strategyOf } from './sample-options.js';

type SignInAgain = SessionEvictedException | SessionLimitExceededException | SignInRequiredException;

/**
 * Sends the browser back to the login page, telling it why: signed out by a newer login or
 * from another device, login refused by the session limit (or, with `--choose`, no device
 * chosen to sign out in time), or credentials needed. The notice
 * is kept in the (now anonymous) session and shown once. API requests (`/api/...`) get the
 * exception's JSON body instead: `code: 'SESSION_EVICTED'` and the rest.
 */
@Catch(SessionEvictedException, SessionLimitExceededException, SignInRequiredException)
export class SignInAgainFilter implements ExceptionFilter<SignInAgain> {
  constructor(@Inject(SAMPLE_OPTIONS) private readonly options: SampleAppOptions) {}

  catch(exception: SignInAgain, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (isApiRequest(req)) {
      res.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const typed: unknown = req.body?.username;
    const username = typeof typed === 'string' ? typed : rememberedUser(req);
    if (exception instanceof SignInRequiredException) {
      if (req.method !== 'GET') setFlash(req, { tone: 'error', text: exception.message, username });
    } else {
      setFlash(req, { ...sessionEndFlash(exception, strategyOf(this.options), username), username });
    }
    res.redirect(303, '/login');
  }
}
