import { createHash } from 'node:crypto';

/** Longest encoded account id used in a key as it is; longer ones are hashed. */
const MAX_PLAIN_ID_LENGTH = 128;

/**
 * Cache key of an account. The id is percent-encoded, so `a:b` and `a` never share a key,
 * and hashed when long, so a 10 kB id makes a short key. A number and its string share one.
 */
export function accountKey(prefix: string, userId: string): string {
  const encoded = encodeURIComponent(userId);
  return encoded.length <= MAX_PLAIN_ID_LENGTH
    ? `${prefix}:account:${encoded}`
    : `${prefix}:account-sha256:${sha256(userId)}`;
}

/** Opaque, stable handle of a session id. The id is a credential; the handle is safe to show. */
export function sessionHandle(sessionId: string): string {
  return sha256(sessionId).slice(0, 24);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
