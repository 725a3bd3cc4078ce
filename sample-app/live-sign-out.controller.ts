import { Controller, type MessageEvent, Req, Sse } from '@nestjs/common';
import type { Request } from 'express';
import { AllowMultiSession, SessionTrackerService } from 'nestjs-single-session';
import { map, type Observable } from 'rxjs';
import { rememberedUser } from './auth/remembered-user.js';
import { signedOutNotice } from './notices.js';
import type { User } from './users.js';

/**
 * Live sign-out: every signed-in page listens here (`/assets/live-sign-out.js`, an
 * `EventSource`) and gets one `session-end` event, with the notice to show, when this browser's
 * session ends on any instance — a sign-in on another device, "Sign out" from another device, a
 * sign-out in another tab. `@AllowMultiSession()`: a session that has ended already hears why
 * as an event, which an `EventSource` can read, not as a 401, which it cannot.
 */
@Controller('api')
export class LiveSignOutController {
  constructor(private readonly tracker: SessionTrackerService) {}

  @Sse('session-end')
  @AllowMultiSession()
  sessionEnd(@Req() req: Request): Observable<MessageEvent> {
    const username = (req.user as User | undefined)?.username ?? rememberedUser(req);
    return this.tracker.watchRequest(req).pipe(map((notice) => ({ type: 'session-end', data: signedOutNotice(notice, username) })));
  }
}
