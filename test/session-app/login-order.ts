import type { SingleSessionStrategy } from 'nestjs-single-session';

/** A session as a login response describes it. */
export interface LoggedIn {
  handle: string;
  loginAt: number;
}

/**
 * What is wrong with `holders` as the sessions holding the account, judged independently of
 * the library from what the login responses said: exactly `count` of them must hold it, and
 * none may rank after a session left out — under `'evict-oldest'` no holder logged in before a
 * session left out, under `'reject-new'` (and `'choose'`, which ranks alike) none after. Equal login times may go either way: the
 * library orders them by first sight, which a client cannot see. Empty when all is right.
 */
export function rankingErrors(holders: string[], sessions: LoggedIn[], count: number, strategy: SingleSessionStrategy): string[] {
  const loginAt = new Map(sessions.map((session) => [session.handle, session.loginAt]));
  const errors = holders.filter((handle) => !loginAt.has(handle)).map((handle) => `unknown holder ${handle}`);
  if (holders.length !== count) errors.push(`${holders.length} sessions hold the account, not ${count}`);
  const held = holders.map((handle) => loginAt.get(handle) ?? NaN);
  const left = sessions.filter((session) => !holders.includes(session.handle)).map((session) => session.loginAt);
  if (left.length > 0 && held.length > 0) {
    const wrong = strategy === 'evict-oldest' ? Math.min(...held) < Math.max(...left) : Math.max(...held) > Math.min(...left);
    if (wrong) errors.push(`holders ${JSON.stringify(held)} rank after sessions left out ${JSON.stringify(left)} (${strategy})`);
  }
  return errors;
}
