import type { Request, Response } from 'express';

const COOKIE = 'sample.username';

/** Longest value taken as a username; a longer cookie was not set by this app. */
const MAX_LENGTH = 64;

/** Remembers the username of the last sign-in, to pre-fill the form and name the account in notices. */
export function rememberUser(res: Response, username: string): void {
  res.cookie(COOKIE, username, { httpOnly: true, sameSite: 'lax', secure: res.req.secure, maxAge: 30 * 24 * 3_600_000 });
}

/**
 * The username of this browser's last sign-in, if remembered. Read defensively: the first
 * cookie of that name only (browsers send the most specific first), and nothing at all when it
 * is not valid percent-encoding, is too long or holds control characters.
 */
export function rememberedUser(req: Request): string | undefined {
  const raw = firstCookie(req.headers.cookie, COOKIE);
  const username = raw === undefined ? undefined : decoded(raw);
  return username && username.length <= MAX_LENGTH && !/\p{Cc}/u.test(username) ? username : undefined;
}

/** The raw value of the first cookie called `name` in a `Cookie` header. */
function firstCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** `value` percent-decoded, or `undefined` when it is not valid percent-encoding (UTF-8). */
function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
