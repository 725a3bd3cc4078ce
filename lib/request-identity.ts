/** The account id of `user` by the `getUserId` option, or by default, as a string. */
export function userIdOf(options: { getUserId?: (user: any) => unknown }, user: unknown): string | undefined {
  return accountId(options.getUserId ? options.getUserId(user) : defaultUserId(user));
}

/** Fields read, in order, for the default account id of `req.user`. */
const USER_ID_FIELDS = ['id', 'sub', '_id', 'userId'] as const;

/** Default `getUserId`: the first usable of `id`, `sub`, `_id`, `userId`, as a string. */
export function defaultUserId(user: any): string | undefined {
  for (const field of USER_ID_FIELDS) {
    const id = accountId(user?.[field]);
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * An account id as a string: non-empty strings, finite numbers and bigints, and objects with
 * their own `toString` (such as MongoDB's ObjectId). A number and its string are one account.
 * An array is no id (`['b']` would otherwise name account `b`).
 */
export function accountId(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.toString !== Object.prototype.toString) {
    return accountId(textOf(value));
  }
  return undefined;
}

/** `String(value)`, or `undefined` when its `toString` throws or returns no text. */
function textOf(value: object): string | undefined {
  try {
    const text: unknown = value.toString();
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A token's session id, from the claims of a JWT payload in `req.user`: `sid`, else `jti`. */
export function tokenSessionId(user: any): string | undefined {
  const sid = user?.sid;
  if (typeof sid === 'string' && sid.length > 0) return sid;
  const jti = user?.jti;
  return typeof jti === 'string' && jti.length > 0 ? jti : undefined;
}

/**
 * Login time of a token session from its claims: `auth_time`, else `iat`, in seconds; a
 * fraction (`iat: Date.now() / 1000`) keeps the milliseconds. Epoch ms.
 */
export function tokenLoginAt(user: any): number | undefined {
  for (const claim of [user?.auth_time, user?.iat]) {
    if (isEpochSeconds(claim)) return Math.round(claim * 1000);
  }
  return undefined;
}

/** Until when a token can be presented, from its `exp` claim (seconds), epoch ms. */
export function tokenExpiresAt(user: any): number | undefined {
  return isEpochSeconds(user?.exp) ? Math.round(user.exp * 1000) : undefined;
}

function isEpochSeconds(claim: unknown): claim is number {
  return typeof claim === 'number' && Number.isFinite(claim) && claim > 0 && claim < 1e11;
}
