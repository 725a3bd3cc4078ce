import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CsrfTokenRejectedException } from './csrf-token-rejected.exception.js';
import { carriesCsrfToken } from './csrf-tokens.js';

/** Methods that change nothing, hence need no token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses every other request (POST, …) that does not carry its session's CSRF token, before any guard or handler runs. */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (!SAFE_METHODS.has(req.method) && !carriesCsrfToken(req)) throw new CsrfTokenRejectedException();
    next();
  }
}
