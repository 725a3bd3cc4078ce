import type { DeviceLimits } from './device-class.js';

/** A demo account as the app stores it. */
interface Account {
  id: number;
  username: string;
  password: string;
  /** Name shown on the pages. */
  displayName: string;
  /** Devices the account may use at once, in all or per kind of device; 1 when absent. */
  maxSessions?: number | DeviceLimits;
}

/** The signed-in user (`req.user`): an account without its password. */
export type User = Omit<Account, 'password'>;

const ACCOUNTS: Account[] = [
  { id: 1, username: 'alice', password: 'alice-pw', displayName: 'Alice' },
  { id: 2, username: 'bob', password: 'bob-pw', displayName: 'Bob', maxSessions: 2 },
  { id: 3, username: 'family', password: 'family-pw', displayName: 'The Families', maxSessions: 3 },
  { id: 4, username: 'dana', password: 'dana-pw', displayName: 'Dana', maxSessions: { web: 1, mobile: 1 } },
];

/** The demo accounts, with their passwords, as the start-up banner and the login page list them. */
export const DEMO_ACCOUNTS = ACCOUNTS.map((account) => ({ username: account.username, password: account.password, limit: limitOf(account) }));

/** The user with these credentials, if they match. */
export function checkCredentials(username: unknown, password: unknown): User | undefined {
  const account = ACCOUNTS.find((candidate) => candidate.username === username);
  return account && account.password === password ? findUser(account.username) : undefined;
}

/** The user named `username`, if any. */
export function findUser(username: unknown): User | undefined {
  const account = ACCOUNTS.find((candidate) => candidate.username === username);
  if (!account) return undefined;
  const { password: _, ...user } = account;
  return user;
}

/** After this long without a request, a session stops counting towards its account's limit. */
export const IDLE_TIMEOUT_MINUTES = 30;

/** Per-user `maxSessions` of `SingleSessionModule`: the account's own limit (in all, or per kind of device), else one device. */
export function limitOf(user: User): number | DeviceLimits {
  return user.maxSessions ?? 1;
}
