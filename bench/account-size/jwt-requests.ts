import { loginRequest, postLogin, timeOneAtATime } from '../http-load.js';
import { USER_AGENT } from '../memory/guard-logins.js';

/** Every request of the account-size bench carries a desktop browser's user agent, which the tracker stores with each session. */
const HEADERS = { 'user-agent': USER_AGENT };

/** Signs `username` in to the JWT bench app and returns the bearer token. */
export async function signInForToken(url: string, username: string): Promise<string> {
  const response = await postLogin(url, username, HEADERS);
  if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Signs each of `usernames` in once, one at a time; returns the latencies (ms). */
export function timeLogins(url: string, usernames: string[]): Promise<number[]> {
  return timeOneAtATime(url, usernames.length, loginRequest(usernames, HEADERS));
}

/** GET /me with `token`, `amount` times, one at a time; returns the latencies (ms). */
export function timeRequests(url: string, token: string, amount: number): Promise<number[]> {
  const headers = { ...HEADERS, authorization: `Bearer ${token}` };
  return timeOneAtATime(url, amount, { method: 'GET', path: '/me', headers, setupRequest: (req) => req });
}
