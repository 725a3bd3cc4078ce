import type { Browser, Reply } from '../support/browser.js';
import { ID_LESS_USER, USERS } from './users.js';

/** Signs `browser` in as `username` through the login route at `path` (the password is looked up). */
export function signIn(browser: Browser, username: string, path = '/login'): Promise<Reply> {
  const account = username === ID_LESS_USER.username ? ID_LESS_USER : USERS.find((user) => user.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  return browser.post(path, { username, password: account.password });
}

/** The raw express-session id in the browser's signed `connect.sid` cookie (`s:<id>.<signature>`). */
export function sessionIdOf(browser: Browser): string {
  const cookie = browser.cookieHeader().split('; ').find((pair) => pair.startsWith('connect.sid='));
  if (!cookie) throw new Error('the browser has no session cookie');
  const signed = decodeURIComponent(cookie.slice('connect.sid='.length));
  return signed.slice(2, signed.lastIndexOf('.'));
}
