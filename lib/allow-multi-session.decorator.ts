import { SetMetadata } from '@nestjs/common';
import { ALLOW_MULTI_SESSION_KEY } from './single-session.internal-constants.js';

/**
 * Opts a route handler or a whole controller out of the session limit: its requests are
 * neither checked nor counted. `@AllowMultiSession(false)` on a handler undoes it on its class.
 *
 * @example
 * ```ts
 * @AllowMultiSession()
 * @Get('status')
 * status() { return { ok: true }; }
 * ```
 */
export const AllowMultiSession = (allow = true) => SetMetadata(ALLOW_MULTI_SESSION_KEY, allow);
