import { randomUUID } from 'node:crypto';
import type { AppUser } from '../session-app/users.js';

/** Secret the JWT app signs and verifies its tokens with. */
export const JWT_SECRET = 'jwt-app-test-secret';

/**
 * Which claim carries a token's login time:
 * - `'auth_time'` (the default): `auth_time` in fractional seconds, so the login time has
 *   millisecond precision (`auth_time * 1000` is what the library reads) and twenty logins in
 *   one second are still ordered by when each happened. `iat` stays jsonwebtoken's whole second.
 * - `'iat'`: only the standard whole-second `iat`, as most apps issue; logins within one second
 *   tie and the library orders them by session handle.
 */
export type LoginTimeClaim = 'auth_time' | 'iat';

/** What the JWT app puts in a token: the account (`sub`), a random `jti` and the login time. */
export interface TokenClaims {
  sub?: number | string;
  username: string;
  jti: string;
  auth_time?: number;
  iat?: number;
}

/** Claims of a token issued now to `user`. */
export function newTokenClaims(user: AppUser, claim: LoginTimeClaim): TokenClaims {
  const now = Date.now();
  const base = { sub: 'id' in user ? user.id : undefined, username: user.username, jti: randomUUID() };
  return claim === 'auth_time' ? { ...base, auth_time: now / 1000 } : { ...base, iat: Math.floor(now / 1000) };
}

/** The login time (epoch ms) the library derives from the claims: `auth_time`, else `iat`. */
export function loginAtOf(claims: TokenClaims): number {
  return Math.round((claims.auth_time ?? claims.iat ?? 0) * 1000);
}
