import type { Request } from 'express';

/**
 * Signs the request's user out with passport (which starts a new, anonymous session).
 * SingleSessionModule sees the logout and drops the session from its registry.
 */
export function logOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
}
