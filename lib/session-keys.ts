import { hash } from 'node:crypto';

/** Longest encoded account id used in a key as it is; longer ones are hashed. */
const MAX_PLAIN_ID_LENGTH = 128;

/**
 * Cache key of an account. The id is percent-encoded, so `a:b` and `a` never share a key,
 * and hashed when long, so a 10 kB id makes a short key. A number and its string share one.
 */
export function accountKey(prefix: string, userId: string): string {
  const encoded = percentEncoded(userId);
  // join() makes one flat string: a template literal would be a rope of pieces, kept whole (and
  // larger) as a long-lived map key.
  return encoded !== undefined && encoded.length <= MAX_PLAIN_ID_LENGTH
    ? [prefix, ':account:', encoded].join('')
    : [prefix, ':account-sha256:', sha256(userId)].join('');
}

/** The id percent-encoded, or `undefined` when it is not well-formed text (a lone surrogate). */
function percentEncoded(userId: string): string | undefined {
  try {
    return encodeURIComponent(userId);
  } catch {
    return undefined;
  }
}

/** Opaque, stable handle of a session id. The id is a credential; the handle is safe to show. */
export function sessionHandle(sessionId: string): string {
  return sha256(sessionId).slice(0, 24);
}

/**
 * SHA-256 of the text's UTF-16 code units, so that even malformed strings hash apart. One-shot
 * `crypto.hash` (no Hash object): a login hashes its session id once, on the login's own path.
 */
function sha256(text: string): string {
  return hash('sha256', Buffer.from(text, 'utf16le'), 'base64url');
}
