import type { SingleSessionStrategy } from './single-session-options.interface.js';
import type { AccountRecord, SessionEndReason, StoredSession } from './session-record.interface.js';

/** Inputs of the ordering rule besides the record. */
export interface OrderingRule {
  /** Current time, epoch ms. */
  now: number;
  /** Places on the account. */
  maxSessions: number;
  /** Which end of the login order keeps the places. */
  strategy: SingleSessionStrategy;
  /** Sessions unseen for this long (ms) are served last. */
  idleTimeout: number;
}

/** Outcome of the ordering rule: who keeps the account, who loses it and why. */
export interface Verdict {
  /** Handles that hold the account, best first. */
  holders: string[];
  /** Handles that lost their place, with the reason. */
  losers: Map<string, SessionEndReason>;
}

/** Orders sessions by login time, oldest first; equal times by handle, so every instance agrees. */
export function byLoginTime([handleA, a]: [string, StoredSession], [handleB, b]: [string, StoredSession]): number {
  return a.loginAt - b.loginAt || (handleA < handleB ? -1 : handleA > handleB ? 1 : 0);
}

/**
 * The rule that decides which sessions hold an account. It depends only on what the sessions
 * are (login time, handle, last activity), never on the order in which they were written:
 * `'evict-oldest'` keeps the newest, `'reject-new'` the oldest. Active sessions are served
 * before idle ones, so an idle session keeps its place only while nobody else needs it.
 */
export function decide(record: AccountRecord, rule: OrderingRule): Verdict {
  const live = Object.entries(record.sessions).filter(([handle]) => !(handle in record.ended));
  live.sort(byLoginTime);
  if (rule.strategy === 'evict-oldest') live.reverse();
  const isIdle = ([, session]: [string, StoredSession]) => rule.now - session.lastSeenAt >= rule.idleTimeout;
  const ranked = [...live.filter((entry) => !isIdle(entry)), ...live.filter(isIdle)];
  const holders = ranked.slice(0, rule.maxSessions).map(([handle]) => handle);
  const losers = new Map<string, SessionEndReason>();
  for (const entry of ranked.slice(rule.maxSessions)) {
    losers.set(entry[0], isIdle(entry) ? 'idle' : rule.strategy === 'evict-oldest' ? 'newer-login' : 'limit');
  }
  return { holders, losers };
}
