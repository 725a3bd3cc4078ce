import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SessionChoiceRequiredException } from 'nestjs-single-session';
import { isApiRequest } from './api-request.js';
import { takeFlash } from './flash.js';
import { csrfTokenOf } from './security/csrf-tokens.js';
import { choosePage } from './views/choose.page.js';

/** Address of the chooser page. */
export const CHOOSER_PATH = '/choose';

/**
 * With `--choose`, a sign-in over the limit waits for its person to choose a device to sign
 * out, and the guard answers its requests with 409 `SessionChoiceRequiredException`. A page
 * request is sent to the chooser (303), which is this filter's rendering of the 409 at
 * `CHOOSER_PATH`: what to choose from comes from the exception, as the library sees it now. API
 * requests (`/api/...`) get the exception's JSON body: `code: 'SESSION_CHOICE_REQUIRED'`, `sessions`, ….
 */
@Catch(SessionChoiceRequiredException)
export class ChoiceRequiredFilter implements ExceptionFilter<SessionChoiceRequiredException> {
  catch(exception: SessionChoiceRequiredException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (isApiRequest(req)) {
      res.status(exception.getStatus()).json(exception.getResponse());
    } else if (req.path === CHOOSER_PATH) {
      res.status(exception.getStatus()).type('html').send(choosePage({ csrfToken: csrfTokenOf(req), choice: exception.choice, flash: takeFlash(req) }));
    } else {
      res.redirect(303, CHOOSER_PATH);
    }
  }
}
