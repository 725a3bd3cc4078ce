import type { SessionInfo, StoredSession } from './session-record.interface.js';

/**
 * The account's sessions that hold their place (pending ones left out) as `list()` shows them,
 * newest login first; with `deviceClass`, only those of that class (`{ of: undefined }`: those without one).
 */
export function holdingSessions(sessions: Record<string, StoredSession>, deviceClass?: { of: string | undefined }): SessionInfo[] {
  return Object.entries(sessions)
    .filter(([, session]) => session.pendingUntil === undefined && (!deviceClass || session.deviceClass === deviceClass.of))
    .sort(([, a], [, b]) => b.loginAt - a.loginAt || b.seq - a.seq)
    .map(([handle, { loginAt, lastSeenAt, ip, userAgent, deviceClass: sessionClass }]) => {
      const info: SessionInfo = { handle, loginAt, lastSeenAt, ip, userAgent };
      if (sessionClass !== undefined) info.deviceClass = sessionClass;
      return info;
    });
}
