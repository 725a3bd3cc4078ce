import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { stampedSessionOf } from './session-adapters/session-adapters.js';
import type { SessionEndNotice } from './session-record.interface.js';
import { PREVIOUS_SESSION_END } from './single-session.internal-constants.js';
import { requestOf } from './transport-request.js';

/**
 * The end notice of this browser's previous session (express-session, `@fastify/session`,
 * `@fastify/secure-session`), when the library signed it out and the person has not been told
 * yet — say, because the first thing they did was to sign in again. `undefined` otherwise.
 * Reading it marks it told: it is given once. Works in controllers, resolvers and gateways.
 *
 * @example
 * ```ts
 * @Get()
 * home(@PreviousSessionEnd() ended: SessionEndNotice | undefined) {
 *   return ended ? `Your other session ended: ${ended.reason}` : 'Welcome back';
 * }
 * ```
 */
export const PreviousSessionEnd = createParamDecorator((_: unknown, context: ExecutionContext): SessionEndNotice | undefined => {
  const req = requestOf(context);
  if (!req) return undefined;
  const adapter = stampedSessionOf(req);
  const stamp = adapter?.readStamp(req);
  const notice: SessionEndNotice | undefined = req[PREVIOUS_SESSION_END] ?? stamp?.previous ?? unreported(stamp?.ended);
  delete req[PREVIOUS_SESSION_END];
  if (adapter && stamp && (stamp.previous || (stamp.ended && !stamp.ended.reported))) {
    delete stamp.previous;
    if (stamp.ended) stamp.ended.reported = true;
    adapter.writeStamp(req, stamp);
  }
  return notice;
});

function unreported(ended: (SessionEndNotice & { reported?: boolean }) | undefined): SessionEndNotice | undefined {
  if (!ended || ended.reported) return undefined;
  const { reported: _, ...notice } = ended;
  return notice;
}
