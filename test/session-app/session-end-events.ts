import type { MessageEvent } from '@nestjs/common';
import type { SessionTrackerService } from 'nestjs-single-session';
import { map, type Observable } from 'rxjs';

/** The server-sent `session-end` event of the request's session, as the README's live sign-out route sends it. */
export function sessionEndEvents(tracker: SessionTrackerService, req: Record<string, any>): Observable<MessageEvent> {
  return tracker.watchRequest(req).pipe(map((notice) => ({ type: 'session-end', data: notice })));
}
