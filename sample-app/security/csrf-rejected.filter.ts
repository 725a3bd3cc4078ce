import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { formRefusedPage } from '../views/form-refused.page.js';
import { CsrfTokenRejectedException } from './csrf-token-rejected.exception.js';

/**
 * A refused form gets a page that says nothing was changed; API requests (`/api/...`) get the
 * exception's JSON body. (`originalUrl`: the middleware that throws sees paths relative to its mount point.)
 */
@Catch(CsrfTokenRejectedException)
export class CsrfRejectedFilter implements ExceptionFilter<CsrfTokenRejectedException> {
  catch(exception: CsrfTokenRejectedException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>().status(exception.getStatus());
    if (req.originalUrl.startsWith('/api/')) res.json(exception.getResponse());
    else res.type('html').send(formRefusedPage());
  }
}
