import {
  FUTURE_LOGIN_TOLERANCE,
  type Admission,
  type AdmissionResult,
  type AdmissionRule,
  type EndedSession,
  type EndRequest,
} from './session-storage.interface.js';
import type { SessionEndNotice, StoredSession } from './session-record.interface.js';
import { sortSmall } from './small-sort.js';

/** An end notice and how long it is kept. */
export interface KeptNotice {
  /** What the ended session is told. */
  notice: SessionEndNotice;
  /** When the notice may be dropped (epoch ms): the session cannot be presented after it. */
  expiresAt: number;
}

/** Account-wide end: every session admitted up to `seq`, or never admitted and logged in before `at`, has ended. */
export interface EndMark extends KeptNotice {
  /** Last `seq` the mark covers. */
  seq: number;
  /** When the mark was set (epoch ms, store clock). */
  at: number;
}

/**
 * Everything a storage keeps for one account, in plain JSON-able form. The functions of this
 * file are the reference semantics of `SessionStorage` (its JSDoc): the in-memory and
 * cache-manager storages apply them under one lock; the Redis storage implements the same
 * steps in a script, and the conformance suite checks that they agree.
 */
export interface AccountState {
  /** Live sessions by handle. */
  sessions: Record<string, StoredSession>;
  /** End notices by handle. */
  notices: Record<string, KeptNotice>;
  /** Last `seq` given out. */
  seq: number;
  /** The account-wide end mark, if any. */
  mark?: EndMark;
}

/** A state with nothing in it. */
export function emptyState(): AccountState {
  return { sessions: {}, notices: {}, seq: 0 };
}

/** Applies `SessionStorage.admit` to `state` (mutated) at `now`. */
export function admitTo(state: AccountState, admission: Admission, rule: AdmissionRule, now: number): AdmissionResult {
  const { handle } = admission;
  dropExpiredOf(state, handle, now, rule.ttl);
  const held = own(state.sessions, handle);
  if (!admission.login) {
    const notice = endNoticeOf(state, handle, admission.loginAt);
    if (notice) return { now, notice, registered: false, clampedLoginAt: false, ended: [] };
    if (!held && admission.register === false) return { now, registered: false, clampedLoginAt: false, ended: [] };
  }
  let registered = false;
  let clampedLoginAt = false;
  if (held && !admission.login) {
    if (now - held.lastSeenAt >= rule.touchInterval) {
      state.sessions[handle] = { ...held, lastSeenAt: now, expiresAt: Math.max(held.expiresAt, admission.expiresAt), ...clientOf(admission) };
    }
  } else {
    const { loginAt, clamped } = loginTimeOf(admission, rule, now);
    clampedLoginAt = clamped;
    delete state.notices[handle];
    const session: StoredSession = { loginAt, seq: ++state.seq, lastSeenAt: now, expiresAt: admission.expiresAt, ...clientOf(admission) };
    if (admission.sid !== undefined) session.sid = admission.sid;
    if (admission.deviceClass !== undefined) session.deviceClass = admission.deviceClass;
    state.sessions[handle] = session;
    if (rule.strategy === 'choose' && holdsMoreThan(state, rule, now, session.deviceClass)) session.pendingUntil = now + rule.choiceTimeout;
    registered = true;
  }
  const wasPending = !registered && state.sessions[handle]!.pendingUntil !== undefined;
  const ended = admission.replace === undefined ? [] : replaceFor(state, handle, admission.replace, rule, now);
  ended.push(...enforceLimit(state, rule, now, handle, ended.length > 0));
  const lost = ended.find((entry) => entry.handle === handle);
  if (lost) return { now, notice: lost.notice, registered, clampedLoginAt, ended };
  const session = state.sessions[handle]!;
  const result: AdmissionResult = { now, session, registered, clampedLoginAt, ended };
  if (wasPending && session.pendingUntil === undefined) result.promoted = true;
  return result;
}

/** Applies `SessionStorage.end` to `state` (mutated) at `now`. */
export function endIn(state: AccountState, request: EndRequest, now: number): EndedSession[] {
  dropExpired(state, now, request.ttl);
  const notice: SessionEndNotice = { reason: request.reason, endedAt: now };
  const { select } = request;
  const ended: EndedSession[] = [];
  if ('all' in select) {
    let latest = now + request.unknownLifetime;
    for (const [handle, session] of Object.entries(state.sessions)) {
      if (handle === select.except) continue;
      ended.push(endedSession(handle, session, notice));
      latest = Math.max(latest, session.expiresAt);
    }
    const kept = select.except === undefined ? undefined : own(state.sessions, select.except);
    state.mark = { seq: state.seq, at: now, notice, expiresAt: Math.max(latest, state.mark?.expiresAt ?? 0) };
    state.sessions = kept ? { [select.except!]: { ...kept, seq: ++state.seq } } : {};
    return ended;
  }
  for (const handle of select.handles) {
    if (own(state.sessions, handle)) {
      ended.push(endSession(state, handle, notice, now));
    } else if (!select.onlyLive && !own(state.notices, handle)) {
      state.notices[handle] = { notice, expiresAt: now + request.unknownLifetime };
    }
  }
  return ended;
}

/** The live sessions of `state` at `now` (forgotten ones left out). */
export function liveIn(state: AccountState, now: number, ttl: number): Record<string, StoredSession> {
  return Object.fromEntries(Object.entries(state.sessions).filter(([, session]) => now - session.lastSeenAt < ttl));
}

/** Drops everything expired at `now`: forgotten sessions, notices and the mark past their time. */
export function dropExpired(state: AccountState, now: number, ttl: number): void {
  dropForgotten(state, now, ttl);
  for (const [handle, kept] of Object.entries(state.notices)) {
    if (kept.expiresAt <= now) delete state.notices[handle];
  }
  if (state.mark && state.mark.expiresAt <= now) delete state.mark;
}

/** Drops the sessions unseen for `ttl` (notices are left: the ranking does not read them). */
export function dropForgotten(state: AccountState, now: number, ttl: number): void {
  const { sessions } = state;
  for (const handle of Object.keys(sessions)) {
    if (now - sessions[handle]!.lastSeenAt >= ttl) delete sessions[handle];
  }
}

/** Whether the state holds at least one live (or not yet dropped) session. */
export function holdsSessions(state: AccountState): boolean {
  return !isEmptyObject(state.sessions);
}

/** Whether the state holds an end notice or the end mark. */
export function holdsEnds(state: AccountState): boolean {
  return state.mark !== undefined || !isEmptyObject(state.notices);
}

/** Whether nothing is left to keep: no session, no notice, no mark. */
export function isSpent(state: AccountState): boolean {
  return !holdsSessions(state) && !holdsEnds(state);
}

/** When everything in `state` will have expired (epoch ms), if nothing happens meanwhile. */
export function expiryOf(state: AccountState, ttl: number): number {
  let latest = state.mark?.expiresAt ?? 0;
  for (const session of Object.values(state.sessions)) latest = Math.max(latest, session.lastSeenAt + ttl);
  for (const kept of Object.values(state.notices)) latest = Math.max(latest, kept.expiresAt);
  return latest;
}

/** The notice that ends `handle`, if any: its own, else the mark's when the mark covers it. */
function endNoticeOf(state: AccountState, handle: string, loginAt: number | undefined): SessionEndNotice | undefined {
  const kept = own(state.notices, handle);
  if (kept) return kept.notice;
  const { mark } = state;
  if (!mark) return undefined;
  const held = own(state.sessions, handle);
  // A session the store does not hold is covered unless it proves a login after the mark.
  const covered = held ? held.seq <= mark.seq : loginAt === undefined || loginAt < mark.at;
  return covered ? mark.notice : undefined;
}

/** Drops the expired parts that `admit` must not act on: the presented session's, and the mark. */
function dropExpiredOf(state: AccountState, handle: string, now: number, ttl: number): void {
  const session = own(state.sessions, handle);
  if (session && now - session.lastSeenAt >= ttl) delete state.sessions[handle];
  const kept = own(state.notices, handle);
  if (kept && kept.expiresAt <= now) delete state.notices[handle];
  if (state.mark && state.mark.expiresAt <= now) delete state.mark;
}

/** Login time a session gets when it is added (see `Admission.loginAt`). */
function loginTimeOf(admission: Admission, rule: AdmissionRule, now: number): { loginAt: number; clamped: boolean } {
  const given = admission.loginAt;
  if (given === undefined || (rule.strategy !== 'evict-oldest' && !admission.login)) return { loginAt: now, clamped: false };
  return given > now + FUTURE_LOGIN_TOLERANCE ? { loginAt: now, clamped: true } : { loginAt: given, clamped: false };
}

/** Client fields of an admission that are set. */
function clientOf(admission: Admission): Pick<StoredSession, 'ip' | 'userAgent'> {
  const client: Pick<StoredSession, 'ip' | 'userAgent'> = {};
  if (admission.ip !== undefined) client.ip = admission.ip;
  if (admission.userAgent !== undefined) client.userAgent = admission.userAgent;
  return client;
}

/**
 * Under `'choose'`: ends the session a pending one chose to replace (`Admission.replace`), when
 * that session holds a place among those ranked with the pending one and they leave no free place.
 */
function replaceFor(state: AccountState, handle: string, chosen: string, rule: AdmissionRule, now: number): EndedSession[] {
  const chooser = state.sessions[handle]!;
  const target = own(state.sessions, chosen);
  if (chooser.pendingUntil === undefined || chooser.pendingUntil <= now || chosen === handle) return [];
  if (!target || target.pendingUntil !== undefined || now - target.lastSeenAt >= rule.ttl) return [];
  if (isPerClass(rule.limit) && target.deviceClass !== chooser.deviceClass) return [];
  const activeHolders = rankedWith(state, rule, chooser.deviceClass).filter((ranked) => state.sessions[ranked]!.pendingUntil === undefined && !isIdle(state.sessions[ranked]!, rule, now));
  if (activeHolders.length < placesOf(rule.limit, chooser.deviceClass)) return [];
  const notice: SessionEndNotice = { reason: 'replaced', endedAt: now, by: byOf(chooser) };
  return [endSession(state, chosen, notice, now)];
}

/**
 * Applies the limit to the sessions ranked with the presented one (its class, with limits per
 * class; else the whole account): ends pending sessions past their time, promotes pending ones
 * while fewer than the limit hold an active place (the presented one first; always, and ranked
 * first, when it has just replaced a session by its choice), then ends every holder past the
 * limit, ranked active before idle, then by strategy — under `'choose'` an active one is made to
 * wait (pending) instead. Forgotten sessions are dropped on the way.
 * Reads the account's sessions (not its notices) only when they are over the limit or the
 * presented session is pending; not at all with no limit (`Infinity`: a call that only reads).
 */
function enforceLimit(state: AccountState, rule: AdmissionRule, now: number, handle: string, chose: boolean): EndedSession[] {
  const { sessions } = state;
  const presented = sessions[handle]!;
  const limit = placesOf(rule.limit, presented.deviceClass);
  if (limit === Infinity) return [];
  // holdsMoreThan has dropped the forgotten sessions when it answers yes; a pending session's call drops them here.
  if (presented.pendingUntil !== undefined) dropForgotten(state, now, rule.ttl);
  else if (!holdsMoreThan(state, rule, now, presented.deviceClass)) return [];
  // Handles, not [handle, session] pairs: every evicting login ranks its account, so it allocates as little as it can.
  const holders: string[] = [];
  const waiting: string[] = [];
  let active = 0;
  for (const ranked of rankedWith(state, rule, presented.deviceClass)) {
    const session = sessions[ranked]!;
    if (session.pendingUntil !== undefined) waiting.push(ranked);
    else {
      holders.push(ranked);
      if (!isIdle(session, rule, now)) active++;
    }
  }
  const ended: EndedSession[] = [];
  if (waiting.length > 1) sortSmall(waiting, (a, b) => Number(b === handle) - Number(a === handle) || sessions[a]!.seq - sessions[b]!.seq);
  for (const waitingHandle of waiting) {
    const session = sessions[waitingHandle]!;
    if (session.pendingUntil! <= now) {
      ended.push(endSession(state, waitingHandle, { reason: 'limit', endedAt: now }, now));
    } else if (active < limit || (chose && waitingHandle === handle)) {
      const { pendingUntil: _, ...promoted } = session;
      sessions[waitingHandle] = promoted;
      holders.push(waitingHandle);
      if (!isIdle(promoted, rule, now)) active++;
    }
  }
  if (holders.length <= limit) return ended;
  const first = chose ? handle : undefined;
  sortSmall(holders, (a, b) => {
    const x = sessions[a]!;
    const y = sessions[b]!;
    return Number(b === first) - Number(a === first) || Number(isIdle(x, rule, now)) - Number(isIdle(y, rule, now)) || precedence(rule.strategy, x, y);
  });
  let newest = sessions[holders[0]!]!;
  for (let i = 1; i < limit; i++) if (isNewer(sessions[holders[i]!]!, newest)) newest = sessions[holders[i]!]!;
  for (let i = limit; i < holders.length; i++) {
    const holderHandle = holders[i]!;
    const session = sessions[holderHandle]!;
    const idle = isIdle(session, rule, now);
    if (rule.strategy === 'choose' && !idle) {
      // Under 'choose' an active session past the limit (the limit went down, sessions came back after a wipe) is asked to choose.
      sessions[holderHandle] = { ...session, pendingUntil: now + rule.choiceTimeout };
      continue;
    }
    const reason = idle ? 'idle' : rule.strategy === 'evict-oldest' ? 'newer-login' : 'limit';
    const notice: SessionEndNotice = { reason, endedAt: now };
    if (reason !== 'limit') notice.by = byOf(newest);
    ended.push(endSession(state, holderHandle, notice, now));
  }
  return ended;
}

/** Whether the rule's limit is one per device class. */
function isPerClass(limit: AdmissionRule['limit']): limit is Readonly<Record<string, number>> {
  return typeof limit === 'object';
}

/** The places of a session of `deviceClass` under `limit`: the number, or with limits per class its class's (none, `Infinity`, for a class they do not name). */
export function placesOf(limit: AdmissionRule['limit'], deviceClass: string | undefined): number {
  if (!isPerClass(limit)) return limit;
  return deviceClass !== undefined && Object.hasOwn(limit, deviceClass) ? limit[deviceClass]! : Infinity;
}

/** The handles of the live sessions ranked with a session of `deviceClass`: its class with limits per class, else the whole account. */
function rankedWith(state: AccountState, rule: AdmissionRule, deviceClass: string | undefined): string[] {
  const handles = Object.keys(state.sessions);
  return isPerClass(rule.limit) ? handles.filter((handle) => state.sessions[handle]!.deviceClass === deviceClass) : handles;
}

/** Whether the session was unseen for `idleTimeout` at `now`. */
function isIdle(session: StoredSession, rule: AdmissionRule, now: number): boolean {
  return now - session.lastSeenAt >= rule.idleTimeout;
}

/** The `by` of a notice: the session that took the place. */
function byOf(session: StoredSession): NonNullable<SessionEndNotice['by']> {
  return session.userAgent === undefined ? { loginAt: session.loginAt } : { loginAt: session.loginAt, userAgent: session.userAgent };
}

/** Moves a live session to the notices, kept until it can no longer be presented. */
function endSession(state: AccountState, handle: string, notice: SessionEndNotice, now: number): EndedSession {
  const session = state.sessions[handle]!;
  delete state.sessions[handle];
  state.notices[handle] = { notice, expiresAt: Math.max(session.expiresAt, now) };
  return endedSession(handle, session, notice);
}

/** Negative when `a` ranks before `b` under the strategy. */
function precedence(strategy: AdmissionRule['strategy'], a: StoredSession, b: StoredSession): number {
  return strategy === 'evict-oldest' ? Number(isNewer(b, a)) - Number(isNewer(a, b)) : a.seq - b.seq;
}

/** Whether `a` logged in after `b`: later `loginAt`, ties by later first sight. */
function isNewer(a: StoredSession, b: StoredSession): boolean {
  return a.loginAt > b.loginAt || (a.loginAt === b.loginAt && a.seq > b.seq);
}

function endedSession(handle: string, session: StoredSession, notice: SessionEndNotice): EndedSession {
  const { sid, expiresAt } = session;
  return sid === undefined ? { handle, expiresAt, notice } : { handle, sid, expiresAt, notice };
}

/**
 * Whether the account holds more than `limit` live sessions. Reads the sessions whole (dropping
 * the forgotten ones) only when more than `limit` are stored: what a storage keeps of forgotten
 * sessions, which depends on when it cleans up, never decides whether the account is ranked.
 */
function holdsMoreThan(state: AccountState, rule: AdmissionRule, now: number, deviceClass: string | undefined): boolean {
  const limit = placesOf(rule.limit, deviceClass);
  if (!hasMoreThan(state.sessions, limit)) return false;
  dropForgotten(state, now, rule.ttl);
  return rankedWith(state, rule, deviceClass).length > limit;
}

/** Whether `record` has more than `limit` own keys, counting no further than needed. */
function hasMoreThan(record: Record<string, unknown>, limit: number): boolean {
  if (limit === Infinity) return false;
  let count = 0;
  for (const _ in record) if (++count > limit) return true;
  return false;
}

/** `record[key]` when it is the record's own entry (never an inherited `constructor` or `__proto__`: handles may come from a caller). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isEmptyObject(record: Record<string, unknown>): boolean {
  for (const _ in record) return false;
  return true;
}

/** `value` read back from a cache as a state, keeping only well-formed parts: a damaged entry reads as less, never as a crash. */
export function accountStateFrom(value: unknown): AccountState {
  if (!isRecord(value)) return emptyState();
  const state: AccountState = {
    sessions: wellFormed(value.sessions, storedSessionFrom),
    notices: wellFormed(value.notices, (entry) => (isKeptNotice(entry) ? entry : undefined)),
    seq: Number.isSafeInteger(value.seq) && value.seq > 0 ? value.seq : 0,
  };
  const mark = value.mark as EndMark | undefined;
  if (isKeptNotice(mark) && Number.isFinite(mark.seq) && Number.isFinite(mark.at)) state.mark = mark;
  for (const session of Object.values(state.sessions)) state.seq = Math.max(state.seq, session.seq);
  return state;
}

/** A session read back: its times must be numbers; a device class that is not a string, or a `pendingUntil` that is not a number, is left out. */
function storedSessionFrom(value: unknown): StoredSession | undefined {
  if (!isRecord(value) || ![value.loginAt, value.seq, value.lastSeenAt, value.expiresAt].every(Number.isFinite)) return undefined;
  const { deviceClass, pendingUntil, ...fields } = value as StoredSession;
  const session: StoredSession = fields;
  if (typeof deviceClass === 'string') session.deviceClass = deviceClass;
  if (Number.isFinite(pendingUntil)) session.pendingUntil = pendingUntil;
  return session;
}

function isKeptNotice(value: unknown): value is KeptNotice {
  return isRecord(value) && Number.isFinite(value.expiresAt) && isRecord(value.notice) && typeof value.notice.reason === 'string' && Number.isFinite(value.notice.endedAt);
}

/** The entries of `entries` that `read` makes something of, as it made them. */
function wellFormed<T>(entries: unknown, read: (entry: unknown) => T | undefined): Record<string, T> {
  if (!isRecord(entries)) return {};
  const kept: Record<string, T> = {};
  for (const [handle, entry] of Object.entries(entries)) {
    // No handle is `__proto__` (handles are hashes); set, it would become the record's prototype.
    if (handle === '__proto__') continue;
    const value = read(entry);
    if (value !== undefined) kept[handle] = value;
  }
  return kept;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
