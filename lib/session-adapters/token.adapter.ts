import type { SessionStamp } from '../server-session.js';
import { tokenExpiresAt, tokenLoginAt, tokenSessionId } from '../request-identity.js';
import type { AnyRequest } from '../transport-request.js';
import type { SessionAdapter, SessionFacts } from './session-adapter.interface.js';

/**
 * Tokens (a JWT payload as `req.user`): the session is the `sid` (else `jti`) claim, its login
 * time `auth_time` (else `iat`), its expiry `exp`. A token carries nothing the library can
 * write and cannot be destroyed: its login is registered (`register()`) or seen on its first
 * request, and an ended token is refused for as long as it can be presented.
 */
class TokenAdapter implements SessionAdapter {
  owns(_req: AnyRequest, user: unknown): boolean {
    return tokenSessionId(user) !== undefined;
  }

  sessionId(_req: AnyRequest, user: unknown): string | undefined {
    return tokenSessionId(user);
  }

  isLogin(): boolean {
    return false;
  }

  facts(_req: AnyRequest, user: unknown): SessionFacts {
    return { loginAt: tokenLoginAt(user), expiresAt: tokenExpiresAt(user) };
  }

  stampLogin(): undefined {
    return undefined;
  }

  signOut(): void {}

  readStamp(): undefined {
    return undefined;
  }

  writeStamp(_req: AnyRequest, _stamp: SessionStamp): void {}
}

/** The token adapter. */
export const tokenAdapter = new TokenAdapter();
