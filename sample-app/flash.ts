import type { Request } from 'express';

/** A one-time message shown on the next page the browser opens. */
export interface Flash {
  tone: 'info' | 'success' | 'warning' | 'error';
  text: string;
  /** Username to pre-fill in the login form (the one just refused, say). */
  username?: string;
}

declare module 'express-session' {
  interface SessionData {
    flash?: Flash;
  }
}

/** Keeps a message in the browser's session for its next page. */
export function setFlash(req: Request, flash: Flash): void {
  req.session.flash = flash;
}

/** The message kept for this page, if any; it is shown once. */
export function takeFlash(req: Request): Flash | undefined {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  return flash;
}
