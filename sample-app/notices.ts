import { SessionEvictedException, SessionLimitExceededException, type SessionEndNotice, type SingleSessionStrategy } from 'nestjs-single-session';
import { describeDevice } from './device.js';
import type { Flash, Moment } from './flash.js';
import { IDLE_TIMEOUT_MINUTES } from './users.js';

/** Why this browser was signed out, in words a person understands. */
export function signedOutNotice(notice: SessionEndNotice, username?: string): Flash {
  const account = username ?? 'your account';
  const elsewhere: (string | Moment)[] = notice.by
    ? [`${account} signed in on another device (${describeDevice(notice.by.userAgent)}) at `, { at: notice.by.loginAt }]
    : [`${account} signed in on another device`];
  switch (notice.reason) {
    case 'newer-login':
      return { tone: 'warning', text: ['You were signed out because ', ...elsewhere, '.'] };
    case 'replaced':
      return { tone: 'warning', text: ['You were signed out because ', ...elsewhere, ' and chose to sign out this device to continue there.'] };
    case 'idle':
      return { tone: 'warning', text: ['You were signed out because this device was inactive and ', ...elsewhere, '.'] };
    case 'revoked':
      return { tone: 'warning', text: ['You were signed out at ', { at: notice.endedAt }, ` from another device signed in as ${account}.`] };
    default:
      return { tone: 'info', text: 'You were signed out.' };
  }
}

/** Why a login was refused under the `'reject-new'` strategy. */
export function refusedLoginNotice(maxSessions: number | undefined, username?: string): Flash {
  const account = username ?? 'This account';
  const idle = `${IDLE_TIMEOUT_MINUTES} minutes`;
  const text =
    maxSessions === 1
      ? `${account} is already signed in on another device, and this account may be used on only 1 device at a time. ` +
        `Sign out there first (or wait until it has been inactive for ${idle}), then try again.`
      : `${account} is already signed in on ${maxSessions ?? 'the most'} other devices, the most this account allows at once. ` +
        `Sign out on one of them (or wait until one has been inactive for ${idle}), then try again.`;
  return { tone: 'error', text };
}

/** Why a login was refused under the `'choose'` strategy: no device was chosen in time. */
export function choiceTimedOutNotice(username?: string): Flash {
  const account = username ?? 'this account';
  return {
    tone: 'error',
    text: `No device was chosen to sign out in time, so this sign-in was cancelled and ${account} stays signed in on the other devices. Sign in again to choose.`,
  };
}

/** The notice for an exception of the library, under the app's strategy. */
export function sessionEndFlash(exception: SessionEvictedException | SessionLimitExceededException, strategy: SingleSessionStrategy, username?: string): Flash {
  if (exception instanceof SessionEvictedException) return signedOutNotice(exception.notice, username);
  return strategy === 'choose' ? choiceTimedOutNotice(username) : refusedLoginNotice(exception.maxSessions, username);
}
