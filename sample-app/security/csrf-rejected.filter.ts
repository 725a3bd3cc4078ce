import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isApiRequest } from '../api-request.js';
import { formRefusedPage } from '../views/form-refused.page.js';
import { CsrfTokenRejectedException } from './csrf-token-rejected.exception.js';

/**
 * A refused form gets a page that says nothing was changed; API requests (`/api/...`) get the
 * exception's JSON body.
 */
@Catch(CsrfTokenRejectedException)
export class CsrfRejectedFilter implements ExceptionFilter<CsrfTokenRejectedException> {
  catch(exception: CsrfTokenRejectedException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>().status(exception.getStatus());
    if (isApiRequest(req)) res.json(exception.getResponse());
    else res.type('html').send(formRefusedPage());
  }
}
