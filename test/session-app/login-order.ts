/** A session as a login response describes it. */
export interface LoggedIn {
  handle: string;
  loginAt: number;
}

/**
 * The sessions that must hold the account, computed independently of the library from what
 * the login responses said: sort by login time, ties by handle (string order), and keep the
 * `count` newest (`'evict-oldest'`) or oldest (`'reject-new'`).
 */
export function expectedHolders(sessions: LoggedIn[], count: number, strategy: 'evict-oldest' | 'reject-new'): string[] {
  const ascending = [...sessions].sort((a, b) => a.loginAt - b.loginAt || (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0));
  const chosen = strategy === 'evict-oldest' ? ascending.slice(-count) : ascending.slice(0, count);
  return chosen.map((session) => session.handle).sort();
}
