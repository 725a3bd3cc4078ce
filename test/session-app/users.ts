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

/** The account named `username`, if its password matches. */
export function checkPassword(username: string, password: string): DemoUser | undefined {
  const user = USERS.find((candidate) => candidate.username === username);
  return user && user.password === password ? user : undefined;
}

/** The per-user limit the apps use: three for a family plan, one otherwise. */
export const maxSessionsByPlan = (user: DemoUser) => (user.plan === 'family' ? 3 : 1);
