import { admitTo, type AccountState } from './account-state.js';
import type { StoredSession } from './session-record.interface.js';
import type { AdmissionResult, AdmissionRule } from './session-storage.interface.js';

/**
 * Under `dryRun`: what the limit would have decided for a session that just registered, from the
 * account's live sessions as the store holds them (where nothing is ever ranked in a dry run).
 * The account is first taken as it would stand had the limit applied before this login (the
 * sessions ranked with it are ranked, and those decisions dropped), so that only the decisions
 * this login causes are reported. Runs on a copy: the store is not written.
 */
export function wouldDecide(sessions: Record<string, StoredSession>, handle: string, rule: AdmissionRule, now: number): AdmissionResult | undefined {
  if (!Object.hasOwn(sessions, handle)) return undefined;
  const { [handle]: presented, ...others } = sessions;
  const state: AccountState = { sessions: new Map(Object.entries(others)), notices: new Map(), seq: Math.max(0, ...Object.values(others).map((session) => session.seq)) };
  const peers = Object.keys(others);
  const peer = peers.find((other) => others[other]!.deviceClass === presented!.deviceClass) ?? peers[0];
  if (peer !== undefined) admitTo(state, { handle: peer, login: false, expiresAt: others[peer]!.expiresAt }, { ...rule, touchInterval: Infinity }, now);
  const { loginAt, expiresAt, sid, ip, userAgent, deviceClass } = presented!;
  return admitTo(state, { handle, login: true, loginAt, expiresAt, sid, ip, userAgent, deviceClass }, rule, now);
}
