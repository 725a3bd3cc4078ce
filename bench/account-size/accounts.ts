import { SETTINGS } from '../settings.js';
import { signInForToken } from './jwt-requests.js';

/** The accounts of one size, signed in beforehand. */
export interface SizedAccounts {
  /** Timed logins one account of this size takes at most, so that it grows by at most `accountGrowth`. */
  loginsPerAccount: number;
  /** Username of every timed login, in order, over accounts of this size, each taking `loginsPerAccount` in turn. */
  logins: string[];
  /** A token of the account that takes the protected requests: it keeps exactly `sessions` sessions. */
  token: string;
}

/**
 * Signs in, through the app's own login route, the accounts of `sessions` live sessions that
 * `timedLogins` logins and the protected requests need: enough accounts for the logins that
 * none grows by more than `accountGrowth`, and one more account for the requests.
 */
export async function fillAccounts(url: string, sessions: number, timedLogins: number): Promise<SizedAccounts> {
  const loginsPerAccount = Math.max(1, Math.floor(sessions * SETTINGS.accountGrowth));
  const loginAccounts = Array.from({ length: Math.ceil(timedLogins / loginsPerAccount) }, (_, i) => `size-${sessions}-login-${i}`);
  const requestAccount = `size-${sessions}-requests`;
  await signInEach([...loginAccounts.flatMap((account) => repeated(account, sessions)), ...repeated(requestAccount, sessions - 1)], url);
  return {
    loginsPerAccount,
    logins: loginAccounts.flatMap((account) => repeated(account, loginsPerAccount)).slice(0, timedLogins),
    token: await signInForToken(url, requestAccount),
  };
}

function repeated(username: string, times: number): string[] {
  return Array<string>(times).fill(username);
}

/** Signs in every username of the list, `accountFillConcurrency` logins in flight. */
async function signInEach(usernames: string[], url: string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: SETTINGS.accountFillConcurrency }, async () => {
      while (next < usernames.length) await signInForToken(url, usernames[next++]!);
    }),
  );
}
