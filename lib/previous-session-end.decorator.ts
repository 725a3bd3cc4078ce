import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { readStamp } from './server-session.js';
import type { SessionEndNotice } from './session-record.interface.js';
import { PREVIOUS_SESSION_END } from './single-session.internal-constants.js';

/**
 * The end notice of this browser's previous server session, when the library signed it out and
 * the person has not been told yet — say, because the first thing they did was to sign in
 * again. `undefined` otherwise. Reading it marks it told: it is given once.
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
  const req = context.switchToHttp().getRequest();
  const stamp = readStamp(req?.session);
  const notice: SessionEndNotice | undefined = req?.[PREVIOUS_SESSION_END] ?? stamp?.previous ?? unreported(stamp?.ended);
  if (req) delete req[PREVIOUS_SESSION_END];
  if (stamp?.previous) delete stamp.previous;
  if (stamp?.ended) stamp.ended.reported = true;
  return notice;
});

function unreported(ended: (SessionEndNotice & { reported?: boolean }) | undefined): SessionEndNotice | undefined {
  if (!ended || ended.reported) return undefined;
  const { reported: _, ...notice } = ended;
  return notice;
}
