import type { Request } from 'express';

/** A moment inside a notice's text (epoch ms), shown as a clock time in the viewer's time zone. */
export interface Moment {
  at: number;
}

/** A one-time message shown on the next page the browser opens. */
export interface Flash {
  tone: 'info' | 'success' | 'warning' | 'error';
  /** Plain text, or text with moments in it. */
  text: string | (string | Moment)[];
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
