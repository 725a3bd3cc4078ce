import type { AccountRecord, SessionEndNotice, StoredSession } from './session-record.interface.js';

/** Most ended sessions remembered per account; past it, notices are dropped in `keptFirst` order. */
export const MAX_ENDED_PER_ACCOUNT = 64;

/**
 * Order in which notices are kept: refused logins (`'limit'`) last, since they gave out no
 * session worth remembering — a flood of refused logins must not push out the notice of a
 * logged-out or revoked token — then newest first.
 */
export function keptFirst([, a]: [string, SessionEndNotice], [, b]: [string, SessionEndNotice]): number {
  return Number(a.reason === 'limit') - Number(b.reason === 'limit') || b.endedAt - a.endedAt;
}

/** A record with no sessions. */
export function emptyRecord(): AccountRecord {
  return { sessions: {}, ended: {} };
}

/** Whether the record holds neither sessions nor notices. */
export function isEmpty(record: AccountRecord): boolean {
  return Object.keys(record.sessions).length === 0 && Object.keys(record.ended).length === 0;
}

/** Returns `value` as a record, keeping only well-formed entries (a damaged cache entry reads as less, never as a crash). */
export function asRecord(value: unknown): AccountRecord {
  const candidate = value as Partial<AccountRecord> | null | undefined;
  return {
    sessions: wellFormed(candidate?.sessions, isStoredSession),
    ended: wellFormed(candidate?.ended, isEndNotice),
  };
}

/** Whether `value` is a stored session. */
export function isStoredSession(value: unknown): value is StoredSession {
  const session = value as StoredSession | null;
  return isObject(session) && Number.isFinite(session.loginAt) && Number.isFinite(session.lastSeenAt);
}

/** Whether `value` is an end notice. */
export function isEndNotice(value: unknown): value is SessionEndNotice {
  const notice = value as SessionEndNotice | null;
  return isObject(notice) && typeof notice.reason === 'string' && Number.isFinite(notice.endedAt);
}

function wellFormed<T>(entries: unknown, valid: (entry: unknown) => entry is T): Record<string, T> {
  if (!isObject(entries)) return {};
  return Object.fromEntries(Object.entries(entries).filter(([, entry]) => valid(entry))) as Record<string, T>;
}

/** Record with `session` written under `handle`, keeping its first login time. */
export function withSession(record: AccountRecord, handle: string, session: StoredSession): AccountRecord {
  const existing = record.sessions[handle];
  const loginAt = existing ? Math.min(existing.loginAt, session.loginAt) : session.loginAt;
  return { ...record, sessions: { ...record.sessions, [handle]: { ...session, loginAt } } };
}

/** Record with the given sessions ended; the newest notices are kept, up to the bound. */
export function withEnded(record: AccountRecord, ended: Record<string, SessionEndNotice>): AccountRecord {
  const sessions = { ...record.sessions };
  for (const handle of Object.keys(ended)) delete sessions[handle];
  const merged = { ...ended, ...record.ended };
  const kept = Object.entries(merged)
    .sort(keptFirst)
    .slice(0, MAX_ENDED_PER_ACCOUNT);
  return { sessions, ended: Object.fromEntries(kept) };
}

/** Record without the given sessions, ended or not. */
export function without(record: AccountRecord, handles: string[]): AccountRecord {
  const sessions = { ...record.sessions };
  const ended = { ...record.ended };
  for (const handle of handles) {
    delete sessions[handle];
    delete ended[handle];
  }
  return { sessions, ended };
}

/** Record without sessions unseen for `ttlMs` and notices older than `ttlMs`. */
export function pruned(record: AccountRecord, now: number, ttlMs: number): AccountRecord {
  const fresh = <T>(entries: Record<string, T>, time: (entry: T) => number) =>
    Object.fromEntries(Object.entries(entries).filter(([, entry]) => now - time(entry) < ttlMs));
  return {
    sessions: fresh(record.sessions, (session) => session.lastSeenAt),
    ended: fresh(record.ended, (notice) => notice.endedAt),
  };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
