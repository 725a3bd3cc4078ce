/** Demo accounts of the test apps: `family` may have three sessions, everyone else one. */
export interface DemoUser {
  id: number | string;
  username: string;
  password: string;
  plan: 'single' | 'family';
}

export const USERS: DemoUser[] = [
  { id: 1, username: 'alice', password: 'alice-pw', plan: 'single' },
  { id: 2, username: 'bob', password: 'bob-pw', plan: 'single' },
  { id: 3, username: 'family', password: 'family-pw', plan: 'family' },
  { id: 'a:b', username: 'colon', password: 'colon-pw', plan: 'single' },
  { id: 'a', username: 'plain-a', password: 'a-pw', plan: 'single' },
];

/**
 * An account whose user object has none of `id`, `sub`, `_id`, `userId`: the misconfiguration
 * the library must report loudly. It can sign in to the test apps but is not in `USERS`.
 */
export const ID_LESS_USER = { username: 'ghost', password: 'ghost-pw', plan: 'single' } as const;

/** Anyone who can sign in to the test apps. */
export type AppUser = DemoUser | typeof ID_LESS_USER;

/** The account named `username` (passport's `deserializeUser`). */
export function userNamed(username: string): AppUser | undefined {
  return username === ID_LESS_USER.username ? ID_LESS_USER : USERS.find((candidate) => candidate.username === username);
}

/** The account named `username`, if its password matches. */
export function checkPassword(username: string, password: string): AppUser | undefined {
  const user = userNamed(username);
  return user && user.password === password ? user : undefined;
}

/** The per-user limit the apps use: three for a family plan, one otherwise. */
export const maxSessionsByPlan = (user: Pick<DemoUser, 'plan'>) => (user.plan === 'family' ? 3 : 1);
