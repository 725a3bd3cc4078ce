import type { Request, Response } from 'express';

const COOKIE = 'sample.username';

/** Remembers the username of the last sign-in, to pre-fill the form and name the account in notices. */
export function rememberUser(res: Response, username: string): void {
  res.cookie(COOKIE, username, { httpOnly: true, sameSite: 'lax', maxAge: 30 * 24 * 3_600_000 });
}

/** The username of this browser's last sign-in, if remembered. */
export function rememberedUser(req: Request): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${COOKIE.replace('.', '\\.')}=([^;]*)`).exec(req.headers.cookie ?? '');
  return match ? decodeURIComponent(match[1]) : undefined;
}
