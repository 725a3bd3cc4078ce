import { SESSION_STAMP_FIELD } from './single-session.internal-constants.js';
import type { SessionEndNotice } from './session-record.interface.js';

/** What the library keeps inside a session's data (a server session's, or a cookie session's). */
export interface SessionStamp {
  /** The session's own id, for a cookie session that has none (`@fastify/secure-session`): made at its login. */
  id?: string;
  /** Account the stamp was made for. */
  userId?: string;
  /** Login time given by the tracker's store when the login was admitted (epoch ms, store clock). */
  loginAt?: number;
  /** Set once the session was signed out: why, and whether the client was told already. */
  ended?: SessionEndNotice & { reported?: boolean };
  /** How the browser's previous session ended, when it signed in again before being told; read once. */
  previous?: SessionEndNotice;
}

/** The part of a session store the library uses: express-session's and `@fastify/session`'s stores alike. */
export interface SessionStoreLike {
  get(sid: string, callback: (error: unknown, session?: Record<string, any> | null) => void): void;
  set(sid: string, session: Record<string, any>, callback?: (error?: unknown) => void): void;
  destroy(sid: string, callback?: (error?: unknown) => void): void;
  /** express-session's `Store#regenerate`, when the store has it. */
  regenerate?(req: { sessionID: string; session?: Record<string, any> }, callback: (error?: unknown) => void): void;
}

/**
 * The library's stamp in a session's data, if any: an object, or a signed-in stamp in its short
 * form (see `storedStamp`). A short form read anew is a new object on every read.
 */
export function readStamp(session: Record<string, any> | undefined | null): SessionStamp | undefined {
  const stamp = session?.[SESSION_STAMP_FIELD];
  if (typeof stamp === 'string') return signedInStamp(stamp);
  return typeof stamp === 'object' && stamp !== null ? stamp : undefined;
}

/**
 * The stamp as it is kept in the session's data. A signed-in stamp with nothing else (an account
 * and a whole, non-negative login time: the state of nearly every session, read on every request)
 * is one short string, `<login time in base 36>:<account id>`: the session library parses,
 * serialises and hashes the session's data several times per request (express-session: twice
 * each, at least), and a string costs it less than a nested object. Any other stamp is kept as
 * it is. Stamps written as objects (by earlier versions) are read as well.
 */
export function storedStamp(stamp: SessionStamp): SessionStamp | string {
  const { userId, loginAt } = stamp;
  const signedInOnly = stamp.id === undefined && stamp.ended === undefined && stamp.previous === undefined;
  return signedInOnly && userId !== undefined && loginAt !== undefined && Number.isInteger(loginAt) && loginAt >= 0 && loginAt < LATEST_SHORT_LOGIN_TIME
    ? `${loginAt.toString(36)}:${userId}`
    : stamp;
}

/**
 * Whether the session's data is stamped signed in for `userId` (its stamp has a login time, for
 * that account): what `readStamp` would say, without making an object of a short form (read on
 * every checked request).
 */
export function isStampedFor(session: Record<string, any> | undefined | null, userId: string): boolean {
  const stamp = session?.[SESSION_STAMP_FIELD];
  if (typeof stamp !== 'string') {
    const read = readStamp(session);
    return read?.loginAt !== undefined && read.userId === userId;
  }
  const colon = stamp.length - userId.length - 1;
  return isLoginTime(stamp, colon) && stamp.charCodeAt(colon) === COLON && stamp.endsWith(userId);
}

/** The signed-in stamp a short form gives, or `undefined` when the text is not one (the session reads as unstamped). */
function signedInStamp(text: string): SessionStamp | undefined {
  const colon = text.indexOf(':');
  return isLoginTime(text, colon) ? { userId: text.slice(colon + 1), loginAt: parseInt(text.slice(0, colon), 36) } : undefined;
}

const COLON = 0x3a;
/** Most base-36 digits of a short form's login time: ten always make a safe integer (36¹⁰ < 2⁵³). */
const MAX_TIME_DIGITS = 10;
/** First login time too large for the short form (it would take more than `MAX_TIME_DIGITS` digits): such a stamp stays an object. */
const LATEST_SHORT_LOGIN_TIME = 36 ** MAX_TIME_DIGITS;

/** Whether the text's first `length` characters (1 to `MAX_TIME_DIGITS`) are lower-case base-36 digits, as a short form's login time. */
function isLoginTime(text: string, length: number): boolean {
  if (length < 1 || length > MAX_TIME_DIGITS) return false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a))) return false;
  }
  return true;
}

/**
 * Signs a session's data out in place: everything but its cookie goes (so passport, and any
 * other code, sees an anonymous session), and the notice stays for the client to be told.
 */
export function signedOutData(data: Record<string, any>, notice: SessionEndNotice, reported: boolean): void {
  for (const key of Object.keys(data)) {
    if (key !== 'cookie') delete data[key];
  }
  data[SESSION_STAMP_FIELD] = endedStamp(notice, reported);
}

/** The stamp of a signed-out session: the notice, and whether its client was told. */
export function endedStamp(notice: SessionEndNotice, reported: boolean): SessionStamp {
  return { ended: { ...notice, reported } };
}

/** Reads a session from the store. */
export function getFromStore(store: SessionStoreLike, sid: string): Promise<Record<string, any> | null | undefined> {
  return new Promise((resolve, reject) => store.get(sid, (error, session) => (error ? reject(error) : resolve(session))));
}

/**
 * Signs a session out in the session store itself, wherever the app reads it from (express-session
 * and `@fastify/session` keep the same record: the cookie, and the data beside it). With a
 * `cookie` (the app's cookie settings, taken from the request at hand, and the session's
 * expiry), it writes the signed-out data at once, in one call; without, it reads the session
 * first to keep its cookie.
 */
export function signOutInStore(store: SessionStoreLike, sid: string, notice: SessionEndNotice, cookie?: Record<string, unknown>): Promise<void> {
  // With a cookie (every evicting login), one write and no async step of its own.
  if (cookie) return writeSignedOut(store, sid, { cookie }, notice);
  return getFromStore(store, sid).then((data) => (data && !readStamp(data)?.ended ? writeSignedOut(store, sid, data, notice) : undefined));
}

/** Writes a session's data signed out (see `signedOutData`) to the store. */
function writeSignedOut(store: SessionStoreLike, sid: string, data: Record<string, any>, notice: SessionEndNotice): Promise<void> {
  signedOutData(data, notice, false);
  return new Promise<void>((resolve, reject) => store.set(sid, data, (error) => (error ? reject(error) : resolve())));
}

/**
 * The cookie of a session that expires at `expiresAt`, made from another session's cookie of the
 * same app (express-session's or `@fastify/session`'s `Cookie`, or its JSON): same settings, own expiry.
 */
export function cookieLike(template: unknown, expiresAt: number): Record<string, unknown> | undefined {
  if (typeof template !== 'object' || template === null) return undefined;
  const json = typeof (template as { toJSON?: unknown }).toJSON === 'function' ? (template as { toJSON(): object }).toJSON() : template;
  const cookie: Record<string, unknown> = { ...json };
  // A Date, as the session libraries' own toJSON() gives it: serialised, the same ISO string.
  if (cookie.expires != null) cookie.expires = new Date(expiresAt);
  return cookie;
}
