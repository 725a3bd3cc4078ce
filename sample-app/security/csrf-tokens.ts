import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

/** Hidden form field that carries the token in the pages' forms. */
export const CSRF_FIELD = '_csrf';

/** Request header that carries the token on JSON requests. */
const CSRF_HEADER = 'x-csrf-token';

/**
 * Synchroniser tokens (csrf-sync): one random token per session, kept in the session. passport
 * regenerates the session on sign-in and sign-out, so the token changes with who is signed in.
 */
const tokens = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => {
    const header = req.headers[CSRF_HEADER];
    if (typeof header === 'string') return header;
    const field: unknown = req.body?.[CSRF_FIELD];
    return typeof field === 'string' ? field : undefined;
  },
});

/** The session's CSRF token; the first call makes it and keeps it in the session. */
export function csrfTokenOf(req: Request): string {
  return tokens.generateToken(req);
}

/** Whether the request carries its session's token, in the `X-CSRF-Token` header or the `_csrf` form field. */
export function carriesCsrfToken(req: Request): boolean {
  return tokens.isRequestValid(req);
}
