import { randomFillSync } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import type { SingleSessionGuard } from 'nestjs-single-session';

/** A current desktop Chrome user agent (101 characters), as browsers send it. */
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** What every login stores besides its times: a 32-character session id, an IPv4 address, the user agent above. */
export const STORED_PER_LOGIN = 'express-session id (32 chars), IPv4 address, 101-character user agent';

/**
 * Returns a function that signs user `id` in once through the guard, in process, the way an
 * express-session login request reaches it: a new session id, a fresh session object, the
 * client's address and user agent as new strings (as the HTTP parser would make them).
 */
export function guardLogins(guard: SingleSessionGuard): (id: number) => Promise<void> {
  const handler = () => undefined;
  class BenchController {}
  return async (id) => {
    const req = {
      user: { id },
      sessionID: randomId(),
      session: {},
      ip: fresh(`198.51.${(id >> 8) & 255}.${id & 255}`),
      headers: { 'user-agent': fresh(USER_AGENT) },
    };
    const http = { getRequest: () => req, getResponse: () => undefined };
    const context = { getType: () => 'http', switchToHttp: () => http, getArgByIndex: (index: number) => (index === 0 ? req : undefined), getHandler: () => handler, getClass: () => BenchController };
    await guard.canActivate(context as unknown as ExecutionContext);
  };
}

/** Random bytes of an express-session id (32 characters). */
const SESSION_ID_BYTES = 24;
const randomPool = Buffer.alloc(SESSION_ID_BYTES * 4096);
let poolOffset = randomPool.length;

/**
 * `bytes` random bytes as base64url text, 4 characters per 3 bytes: by default a 32-character
 * session id, as express-session makes them. From a pooled random buffer, to keep the bench cheap.
 */
export function randomId(bytes = SESSION_ID_BYTES): string {
  if (poolOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return randomPool.toString('base64url', poolOffset - bytes, poolOffset);
}

/** A new flat copy of `text`, not shared with any other string. */
export function fresh(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

/** Signs in every id from `first` to `end - 1` once, `concurrency` logins in flight at a time. */
export async function logInAll(login: (id: number) => Promise<void>, first: number, end: number, concurrency = 32): Promise<void> {
  let next = first;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) await login(next++);
    }),
  );
}
