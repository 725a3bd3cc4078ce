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
 * Everything a storage keeps for one account. The functions of this file are the reference
 * semantics of `SessionStorage` (its JSDoc): the in-memory and cache-manager storages apply them
 * under one lock; the Redis storage implements the same steps in a script, and the conformance
 * suite checks that they agree.
 *
 * Sessions and notices are `Map`s, not objects keyed by handle: a handle is a new string on
 * every request, and as a property name V8 looks each one up in its table of all property names
 * (on every access, many per call, a table that grows with every handle seen), where a `Map`
 * hashes the string once. A cache keeps the plain JSON form (`accountStateJson`, `accountStateFrom`).
 */
export interface AccountState {
  /** Live sessions by handle. */
  sessions: Map<string, StoredSession>;
  /** End notices by handle. */
  notices: Map<string, KeptNotice>;
  /** Last `seq` given out. */
  seq: number;
  /** The account-wide end mark, if any. */
  mark?: EndMark;
}

/** A state with nothing in it. */
export function emptyState(): AccountState {
  return { sessions: new Map(), notices: new Map(), seq: 0 };
}

/** Applies `SessionStorage.admit` to `state` (mutated) at `now`. */
export function admitTo(state: AccountState, admission: Admission, rule: AdmissionRule, now: number): AdmissionResult {
  const { handle } = admission;
  dropExpiredMark(state, now);
  let held = state.sessions.get(handle);
  if (held && now - held.lastSeenAt >= rule.ttl) {
    state.sessions.delete(handle);
    held = undefined;
  }
  if (admission.login) {
    // A login starts its session afresh: a notice kept under its handle (an id used again) goes, expired or not.
    state.notices.delete(handle);
  } else {
    const notice = endNoticeOf(state, handle, held, admission.loginAt, now);
    if (notice) return { now, notice, registered: false, clampedLoginAt: false, ended: [] };
    if (!held && admission.register === false) return { now, registered: false, clampedLoginAt: false, ended: [] };
  }
  let registered = false;
  let clampedLoginAt = false;
  if (held && !admission.login) {
    if (now - held.lastSeenAt >= rule.touchInterval) {
      const touched: StoredSession = { ...held, lastSeenAt: now, expiresAt: Math.max(held.expiresAt, admission.expiresAt) };
      setClientOf(touched, admission);
      state.sessions.set(handle, touched);
    }
  } else {
    const { loginAt, clamped } = loginTimeOf(admission, rule, now);
    clampedLoginAt = clamped;
    const session: StoredSession = { loginAt, seq: ++state.seq, lastSeenAt: now, expiresAt: admission.expiresAt };
    setClientOf(session, admission);
    if (admission.sid !== undefined) session.sid = admission.sid;
    if (admission.deviceClass !== undefined) session.deviceClass = admission.deviceClass;
    state.sessions.set(handle, session);
    if (rule.strategy === 'choose' && holdsMoreThan(state, rule, now, session.deviceClass)) session.pendingUntil = now + rule.choiceTimeout;
    registered = true;
  }
  const wasPending = !registered && held!.pendingUntil !== undefined;
  const ended = admission.replace === undefined ? [] : replaceFor(state, handle, admission.replace, rule, now);
  enforceLimit(state, rule, now, handle, ended);
  const lost = ended.find((entry) => entry.handle === handle);
  if (lost) return { now, notice: lost.notice, registered, clampedLoginAt, ended };
  const session = state.sessions.get(handle)!;
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
    for (const [handle, session] of state.sessions) {
      if (handle === select.except) continue;
      ended.push(endedSession(handle, session, notice));
      latest = Math.max(latest, session.expiresAt);
    }
    const kept = select.except === undefined ? undefined : state.sessions.get(select.except);
    state.mark = { seq: state.seq, at: now, notice, expiresAt: Math.max(latest, state.mark?.expiresAt ?? 0) };
    state.sessions = kept ? new Map([[select.except!, { ...kept, seq: ++state.seq }]]) : new Map();
    return ended;
  }
  for (const handle of select.handles) {
    if (state.sessions.has(handle)) {
      ended.push(endSession(state, handle, notice, now));
    } else if (!select.onlyLive && !state.notices.has(handle)) {
      state.notices.set(handle, { notice, expiresAt: now + request.unknownLifetime });
    }
  }
  return ended;
}

/** The live sessions of `state` at `now` (forgotten ones left out). */
export function liveIn(state: AccountState, now: number, ttl: number): Record<string, StoredSession> {
  return Object.fromEntries([...state.sessions].filter(([, session]) => now - session.lastSeenAt < ttl));
}

/** Drops everything expired at `now`: forgotten sessions, notices and the mark past their time. */
export function dropExpired(state: AccountState, now: number, ttl: number): void {
  dropForgotten(state, now, ttl);
  for (const [handle, kept] of state.notices) {
    if (kept.expiresAt <= now) state.notices.delete(handle);
  }
  dropExpiredMark(state, now);
}

/** Drops the account-wide end mark once it has expired at `now`. */
function dropExpiredMark(state: AccountState, now: number): void {
  if (state.mark && state.mark.expiresAt <= now) delete state.mark;
}

/** Drops the sessions unseen for `ttl` (notices are left: the ranking does not read them). */
export function dropForgotten(state: AccountState, now: number, ttl: number): void {
  const { sessions } = state;
  for (const [handle, session] of sessions) {
    if (now - session.lastSeenAt >= ttl) sessions.delete(handle);
  }
}

/** Whether the state holds at least one live (or not yet dropped) session. */
export function holdsSessions(state: AccountState): boolean {
  return state.sessions.size > 0;
}

/** Whether the state holds an end notice or the end mark. */
export function holdsEnds(state: AccountState): boolean {
  return state.mark !== undefined || state.notices.size > 0;
}

/** Whether nothing is left to keep: no session, no notice, no mark. */
export function isSpent(state: AccountState): boolean {
  return !holdsSessions(state) && !holdsEnds(state);
}

/** When everything in `state` will have expired (epoch ms), if nothing happens meanwhile. */
export function expiryOf(state: AccountState, ttl: number): number {
  let latest = state.mark?.expiresAt ?? 0;
  for (const session of state.sessions.values()) latest = Math.max(latest, session.lastSeenAt + ttl);
  for (const kept of state.notices.values()) latest = Math.max(latest, kept.expiresAt);
  return latest;
}

/**
 * The notice that ends `handle` at `now`, if any: its own (dropped once expired), else the mark's
 * when the mark covers it. `held` is the store's live session of that handle, if any.
 */
function endNoticeOf(state: AccountState, handle: string, held: StoredSession | undefined, loginAt: number | undefined, now: number): SessionEndNotice | undefined {
  const kept = state.notices.get(handle);
  if (kept) {
    if (kept.expiresAt > now) return kept.notice;
    state.notices.delete(handle);
  }
  const { mark } = state;
  if (!mark) return undefined;
  // A session the store does not hold is covered unless it proves a login after the mark.
  const covered = held ? held.seq <= mark.seq : loginAt === undefined || loginAt < mark.at;
  return covered ? mark.notice : undefined;
}

/** Login time a session gets when it is added (see `Admission.loginAt`). */
function loginTimeOf(admission: Admission, rule: AdmissionRule, now: number): { loginAt: number; clamped: boolean } {
  const given = admission.loginAt;
  if (given === undefined || (rule.strategy !== 'evict-oldest' && !admission.login)) return { loginAt: now, clamped: false };
  return given > now + FUTURE_LOGIN_TOLERANCE ? { loginAt: now, clamped: true } : { loginAt: given, clamped: false };
}

/** Sets the client fields of an admission that are set on `session` (in place: no object made for them). */
function setClientOf(session: StoredSession, admission: Admission): void {
  if (admission.ip !== undefined) session.ip = admission.ip;
  if (admission.userAgent !== undefined) session.userAgent = admission.userAgent;
}

/**
 * Under `'choose'`: ends the session a pending one chose to replace (`Admission.replace`), when
 * that session holds a place among those ranked with the pending one and they leave no free place.
 */
function replaceFor(state: AccountState, handle: string, chosen: string, rule: AdmissionRule, now: number): EndedSession[] {
  const chooser = state.sessions.get(handle)!;
  const target = state.sessions.get(chosen);
  if (chooser.pendingUntil === undefined || chooser.pendingUntil <= now || chosen === handle) return [];
  if (!target || target.pendingUntil !== undefined || now - target.lastSeenAt >= rule.ttl) return [];
  if (isPerClass(rule.limit) && target.deviceClass !== chooser.deviceClass) return [];
  const activeHolders = rankedWith(state, rule, chooser.deviceClass).filter((ranked) => state.sessions.get(ranked)!.pendingUntil === undefined && !isIdle(state.sessions.get(ranked)!, rule, now));
  if (activeHolders.length < placesOf(rule.limit, chooser.deviceClass)) return [];
  const notice: SessionEndNotice = { reason: 'replaced', endedAt: now, by: byOf(chooser) };
  return [endSession(state, chosen, notice, now)];
}

/**
 * Applies the limit to the sessions ranked with the presented one (its class, with limits per
 * class; else the whole account): ends pending sessions past their time, promotes pending ones
 * while fewer than the limit hold an active place (the presented one first; always, and ranked
 * first, when it has just replaced a session by its choice: `ended` holds the session it
 * replaced), then ends every holder past the limit, ranked active before idle, then by strategy
 * — under `'choose'` an active one is made to wait (pending) instead. Forgotten sessions are
 * dropped on the way. Adds the sessions it ends to `ended`.
 * Reads the account's sessions (not its notices) only when they are over the limit or the
 * presented session is pending; not at all with no limit (`Infinity`: a call that only reads).
 */
function enforceLimit(state: AccountState, rule: AdmissionRule, now: number, handle: string, ended: EndedSession[]): void {
  const { sessions } = state;
  const presented = sessions.get(handle)!;
  const limit = placesOf(rule.limit, presented.deviceClass);
  if (limit === Infinity) return;
  const pending = presented.pendingUntil !== undefined;
  if (!pending && sessions.size <= limit) return;
  const ranked = liveRankedWith(state, rule, now, presented.deviceClass);
  if (!pending && ranked.length <= limit) return;
  const chose = ended.length > 0;
  // Handles, not [handle, session] pairs: every evicting login ranks its account, so it allocates as little as it can.
  const holders: string[] = [];
  const waiting: string[] = [];
  let active = 0;
  for (const rankedHandle of ranked) {
    const session = sessions.get(rankedHandle)!;
    if (session.pendingUntil !== undefined) waiting.push(rankedHandle);
    else {
      holders.push(rankedHandle);
      if (!isIdle(session, rule, now)) active++;
    }
  }
  sortSmall(waiting, (a, b) => Number(b === handle) - Number(a === handle) || sessions.get(a)!.seq - sessions.get(b)!.seq);
  for (const waitingHandle of waiting) {
    const session = sessions.get(waitingHandle)!;
    if (session.pendingUntil! <= now) {
      ended.push(endSession(state, waitingHandle, { reason: 'limit', endedAt: now }, now));
    } else if (active < limit || (chose && waitingHandle === handle)) {
      const { pendingUntil: _, ...promoted } = session;
      sessions.set(waitingHandle, promoted);
      holders.push(waitingHandle);
      if (!isIdle(promoted, rule, now)) active++;
    }
  }
  if (holders.length <= limit) return;
  const first = chose ? handle : undefined;
  sortSmall(holders, (a, b) => {
    const x = sessions.get(a)!;
    const y = sessions.get(b)!;
    return Number(b === first) - Number(a === first) || Number(isIdle(x, rule, now)) - Number(isIdle(y, rule, now)) || precedence(rule.strategy, x, y);
  });
  let newest = sessions.get(holders[0]!)!;
  for (let i = 1; i < limit; i++) {
    const holder = sessions.get(holders[i]!)!;
    if (isNewer(holder, newest)) newest = holder;
  }
  for (let i = limit; i < holders.length; i++) {
    const holderHandle = holders[i]!;
    const session = sessions.get(holderHandle)!;
    const idle = isIdle(session, rule, now);
    if (rule.strategy === 'choose' && !idle) {
      // Under 'choose' an active session past the limit (the limit went down, sessions came back after a wipe) is asked to choose.
      sessions.set(holderHandle, { ...session, pendingUntil: now + rule.choiceTimeout });
      continue;
    }
    const reason = idle ? 'idle' : rule.strategy === 'evict-oldest' ? 'newer-login' : 'limit';
    const notice: SessionEndNotice = { reason, endedAt: now };
    if (reason !== 'limit') notice.by = byOf(newest);
    ended.push(endSession(state, holderHandle, notice, now));
  }
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
  const handles = [...state.sessions.keys()];
  return isPerClass(rule.limit) ? handles.filter((handle) => state.sessions.get(handle)!.deviceClass === deviceClass) : handles;
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
  const session = state.sessions.get(handle)!;
  state.sessions.delete(handle);
  state.notices.set(handle, { notice, expiresAt: Math.max(session.expiresAt, now) });
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
  return state.sessions.size > limit && liveRankedWith(state, rule, now, deviceClass).length > limit;
}

/** Drops the account's forgotten sessions (unseen for `ttl`), then gives the handles ranked with a session of `deviceClass` (see `rankedWith`). */
function liveRankedWith(state: AccountState, rule: AdmissionRule, now: number, deviceClass: string | undefined): string[] {
  dropForgotten(state, now, rule.ttl);
  return rankedWith(state, rule, deviceClass);
}

/** The state in plain JSON-able form, as a cache keeps it (what `accountStateFrom` reads back). */
export function accountStateJson(state: AccountState): AccountStateJson {
  const json: AccountStateJson = { sessions: Object.fromEntries(state.sessions), notices: Object.fromEntries(state.notices), seq: state.seq };
  if (state.mark) json.mark = state.mark;
  return json;
}

/** An account state in plain JSON-able form: its sessions and notices as objects keyed by handle. */
export interface AccountStateJson {
  /** Live sessions by handle. */
  sessions: Record<string, StoredSession>;
  /** End notices by handle. */
  notices: Record<string, KeptNotice>;
  /** Last `seq` given out. */
  seq: number;
  /** The account-wide end mark, if any. */
  mark?: EndMark;
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
  for (const session of state.sessions.values()) state.seq = Math.max(state.seq, session.seq);
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
function wellFormed<T>(entries: unknown, read: (entry: unknown) => T | undefined): Map<string, T> {
  const kept = new Map<string, T>();
  if (!isRecord(entries)) return kept;
  for (const [handle, entry] of Object.entries(entries)) {
    const value = read(entry);
    if (value !== undefined) kept.set(handle, value);
  }
  return kept;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
