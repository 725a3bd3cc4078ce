import type { AccountState, KeptNotice } from './account-state.js';
import type { SessionEndNotice, SessionEndReason, StoredSession } from './session-record.interface.js';

/** Most distinct user agents kept as shared strings; past it, new ones are stored inline. */
const MAX_SHARED_USER_AGENTS = 65_536;

/**
 * Shares user-agent strings between the accounts of one in-memory store: a few hundred distinct
 * browsers send millions of equal strings, each a new copy from the HTTP parser. An account
 * refers to a shared one by number; the table is bounded, and a user agent beyond the bound is
 * stored with its session.
 */
export class SharedUserAgents {
  private readonly numbers = new Map<string, number>();
  private readonly texts: string[] = [];

  /** A reference to `userAgent`: its number in the table, or the text itself when the table is full. */
  refer(userAgent: string | undefined): number | string {
    if (userAgent === undefined) return 0;
    let number = this.numbers.get(userAgent);
    if (number === undefined) {
      if (this.texts.length >= MAX_SHARED_USER_AGENTS) return userAgent;
      number = this.texts.push(userAgent);
      this.numbers.set(userAgent, number);
    }
    return number;
  }

  /** The shared copy of `userAgent` (the text itself when the table is full). */
  shared(userAgent: string | undefined): string | undefined {
    return userAgent === undefined ? undefined : this.resolve(this.refer(userAgent));
  }

  /** The user agent a reference names. */
  resolve(reference: number | string): string | undefined {
    return typeof reference === 'string' ? reference : reference === 0 ? undefined : this.texts[reference - 1];
  }
}

/**
 * One session as a tuple: handle, loginAt, seq, lastSeenAt − loginAt, expiresAt − lastSeenAt,
 * sid, ip, user agent; then, only when set, device class and pendingUntil − lastSeenAt.
 */
type SessionTuple = [string, number, number, number, number, string | 0, string | 0, number | string, (string | 0)?, number?];
/** One notice as a tuple: handle, expiresAt, reason, endedAt, by.loginAt, by.userAgent. */
type NoticeTuple = [string, number, SessionEndReason, number, number | null, number | string];
/** The mark as a tuple: seq, at, expiresAt, reason, endedAt. */
type MarkTuple = [number, number, number, SessionEndReason, number];
/** A whole account. */
type StateTuple = [number, SessionTuple[], NoticeTuple[], MarkTuple | 0];

/**
 * An account's state as one compact string (JSON of tuples, times as differences, user agents
 * shared): what the in-memory store keeps per account, a few hundred bytes with one session.
 */
export function encodeAccountState(state: AccountState, userAgents: SharedUserAgents): string {
  const sessions = Array.from(state.sessions, ([handle, session]): SessionTuple => {
    const tuple: SessionTuple = [
      handle,
      session.loginAt,
      session.seq,
      session.lastSeenAt - session.loginAt,
      session.expiresAt - session.lastSeenAt,
      session.sid ?? 0,
      session.ip ?? 0,
      userAgents.refer(session.userAgent),
    ];
    if (session.pendingUntil !== undefined) tuple.push(session.deviceClass ?? 0, session.pendingUntil - session.lastSeenAt);
    else if (session.deviceClass !== undefined) tuple.push(session.deviceClass);
    return tuple;
  });
  const notices = Array.from(
    state.notices,
    ([handle, { notice, expiresAt }]): NoticeTuple => [handle, expiresAt, notice.reason, notice.endedAt, notice.by?.loginAt ?? null, userAgents.refer(notice.by?.userAgent)],
  );
  const { mark } = state;
  const markTuple: MarkTuple | 0 = mark ? [mark.seq, mark.at, mark.expiresAt, mark.notice.reason, mark.notice.endedAt] : 0;
  return tight(JSON.stringify([state.seq, sessions, notices, markTuple] satisfies StateTuple));
}

/** Matches any character outside Latin-1 (any UTF-16 code unit above U+00FF, surrogates included). */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/**
 * `text` copied into a string of exactly its size. (V8 leaves `JSON.stringify`'s result in a
 * buffer about twice as large as the text — some 100 bytes more for an account — for as long
 * as the string lives.) Text beyond Latin-1 is kept as it is.
 */
function tight(text: string): string {
  return BEYOND_LATIN1.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}

/** The state `encodeAccountState` encoded. */
export function decodeAccountState(text: string, userAgents: SharedUserAgents): AccountState {
  const [seq, sessionTuples, noticeTuples, markTuple] = JSON.parse(text) as StateTuple;
  const state: AccountState = { sessions: new Map(), notices: new Map(), seq };
  for (const [handle, loginAt, sessionSeq, seen, expires, sid, ip, userAgent, deviceClass, pending] of sessionTuples) {
    const session: StoredSession = { loginAt, seq: sessionSeq, lastSeenAt: loginAt + seen, expiresAt: loginAt + seen + expires };
    if (sid !== 0) session.sid = sid;
    if (ip !== 0) session.ip = ip;
    const agent = userAgents.resolve(userAgent);
    if (agent !== undefined) session.userAgent = agent;
    if (deviceClass !== undefined && deviceClass !== 0) session.deviceClass = deviceClass;
    if (pending !== undefined) session.pendingUntil = session.lastSeenAt + pending;
    state.sessions.set(handle, session);
  }
  for (const [handle, expiresAt, reason, endedAt, byLoginAt, byUserAgent] of noticeTuples) {
    const notice: SessionEndNotice = { reason, endedAt };
    if (byLoginAt !== null) {
      const agent = userAgents.resolve(byUserAgent);
      notice.by = agent === undefined ? { loginAt: byLoginAt } : { loginAt: byLoginAt, userAgent: agent };
    }
    state.notices.set(handle, { notice, expiresAt } satisfies KeptNotice);
  }
  if (markTuple !== 0) {
    const [markSeq, at, expiresAt, reason, endedAt] = markTuple;
    state.mark = { seq: markSeq, at, expiresAt, notice: { reason, endedAt } };
  }
  return state;
}
