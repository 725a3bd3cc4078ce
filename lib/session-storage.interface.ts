import type { SingleSessionStrategy } from './single-session-options.interface.js';
import type { SessionEndNotice, StoredSession } from './session-record.interface.js';

/**
 * The limit applied by `SessionStorage.admit`, with the times it depends on (all in ms).
 */
export interface AdmissionRule {
  /**
   * Places on the account: a whole number ≥ 1, or `Infinity` (then nothing is ranked: a call
   * that only reads, registers and touches). Or limits per device class (`{ web: 1, mobile: 1 }`,
   * `Infinity` allowed): then the sessions of each class are ranked together, under the limit of
   * the presented session's class as stored (as admitted, when it registers); a class the limits
   * do not name has no limit.
   */
  limit: number | Readonly<Record<string, number>>;
  /**
   * `'evict-oldest'`: the `limit` newest sessions hold the account, newest by `loginAt`, ties by
   * `seq`. `'reject-new'` and `'choose'`: the `limit` first admitted (lowest `seq`) hold it;
   * under `'choose'` a session registered while the account is full waits (`pendingUntil`)
   * instead of being refused. Under all, sessions seen within `idleTimeout` are served before idle ones.
   */
  strategy: SingleSessionStrategy;
  /** Under `'choose'`: how long (ms) a pending session may wait for a choice before it is refused (`'limit'`). */
  choiceTimeout: number;
  /** A session unseen this long is idle: it keeps its place only while nobody else needs it. */
  idleTimeout: number;
  /** A session unseen this long is forgotten: dropped with no end notice. */
  ttl: number;
  /** A live session's `lastSeenAt` is rewritten when it is at least this old. */
  touchInterval: number;
}

/** One session presented to `SessionStorage.admit`. */
export interface Admission {
  /** The session's handle (see `SessionTrackerService.handleOf`). */
  handle: string;
  /**
   * Whether this request is the session's login: a login clears an end notice the handle may
   * have (same-id re-login), is exempt from the account's end mark, and gets a new `seq`.
   */
  login: boolean;
  /**
   * The session's own login time (a token's claim, a server session's stamp). Used for a
   * session the store does not hold; absent, or later than the store's clock plus
   * `FUTURE_LOGIN_TOLERANCE`, the store's clock is used instead (see `clampedLoginAt`).
   * Ignored under `'reject-new'` for a session the store does not hold: it counts as new.
   */
  loginAt?: number;
  /** Until when the session can be presented (epoch ms): its end notice is kept that long. */
  expiresAt: number;
  /** Raw server-session id, stored to sign the session out in its store later. */
  sid?: string;
  /** Client IP, stored for `list()`. */
  ip?: string;
  /** User agent, stored for `list()`. */
  userAgent?: string;
  /**
   * The session's device class, stored when it registers and fixed for its life: with limits
   * per class, the sessions of one class are ranked together. Absent: the class of sessions without one.
   */
  deviceClass?: string;
  /**
   * `false`: a session the store does not hold is not added (nothing changes, the result has
   * neither `session` nor `notice`): a check that must not register anything.
   * @default true
   */
  register?: boolean;
  /**
   * Under `'choose'`, for a pending session: the handle of a session ranked with it that it
   * chose to end. The chosen session is ended (`'replaced'`) only when the class has no place
   * free for the pending one; it must be a live session of the class that holds its place.
   */
  replace?: string;
}

/** One session that `admit` or `end` ended. */
export interface EndedSession {
  /** Its handle. */
  handle: string;
  /** Its raw server-session id, when it has one. */
  sid?: string;
  /** Until when it could have been presented (its `StoredSession.expiresAt`). */
  expiresAt: number;
  /** What it is told. */
  notice: SessionEndNotice;
}

/** Outcome of `SessionStorage.admit`. */
export interface AdmissionResult {
  /** The store's clock when the call applied, epoch ms. */
  now: number;
  /**
   * The session as stored, when it is live after the call: holding its account or, under
   * `'choose'`, pending (with `pendingUntil`).
   */
  session?: StoredSession;
  /** Whether the session stopped waiting in this call and now holds its account (a choice made, a place freed). */
  promoted?: boolean;
  /** Why the session does not hold its account, when it does not. */
  notice?: SessionEndNotice;
  /** Whether the call added the session to the account (a login or a first sight). */
  registered: boolean;
  /** Whether the given `loginAt` lay in the future beyond the tolerance and was replaced. */
  clampedLoginAt: boolean;
  /** Sessions the call ended: to respect the limit, pending ones that waited too long, the one replaced (the presented one included, if it lost). */
  ended: EndedSession[];
}

/** What `SessionStorage.end` ends. */
export type EndSelection =
  /** These sessions, live or not held (a notice is written for each). */
  | { handles: string[]; onlyLive?: false }
  /** These sessions, only those the store holds live. */
  | { handles: string[]; onlyLive: true }
  /** Every session of the account, but `except` (a handle) when given: an account-wide end mark. */
  | { all: true; except?: string };

/** A request to `SessionStorage.end`. */
export interface EndRequest {
  /** Which sessions. */
  select: EndSelection;
  /** Why (`'revoked'`, `'logout'`); `endedAt` is filled in with the store's clock. */
  reason: SessionEndNotice['reason'];
  /**
   * How long (ms) an end notice of a session whose `expiresAt` is unknown (not held live), and
   * the account-wide mark, are kept: the longest lifetime of a token the app issues.
   */
  unknownLifetime: number;
  /** Sessions unseen this long are forgotten, not ended (see `AdmissionRule.ttl`). */
  ttl: number;
}

/**
 * Where the tracker keeps each account's sessions: the contract every storage implements.
 * `key` names an account; every method is **atomic** with respect to every other call on the
 * same key, on any instance, and reads time from **one clock per account** (the store's).
 * The semantics below are exact; the conformance suite (`test/storage/conformance.ts`) checks
 * them, and any storage that passes it can be given as the `storage` option.
 *
 * Per account the store holds: live sessions (`StoredSession` by handle; under `'choose'`
 * some of them pending), end notices by
 * handle (each kept until its `expiresAt`), an optional end mark (`{ seq, at, notice }`:
 * every session held with `seq ≤ mark.seq`, or not held and without a `loginAt` at or after
 * `mark.at`, is ended), and a counter for `seq`.
 *
 * - A live session is **forgotten** (dropped, no notice) once unseen for `ttl`.
 * - An end notice is kept until the ended session's `expiresAt`, whatever the number of notices;
 *   the end mark until the latest `expiresAt` of the sessions it ended, and at least
 *   `unknownLifetime`. Nothing else removes them (no count cap, no `ttl`).
 * - After a wipe of the store, every read answers as for an account never seen.
 */
export interface SessionStorage {
  /**
   * Presents one session: the one call a request makes. In one atomic step:
   * 1. Drops forgotten sessions and expired notices (at least those of `handle`).
   * 2. If the session has an end notice, or the end mark covers it, and this is not a login:
   *    returns that notice, changing nothing.
   * 3. If the store holds it live: rewrites `lastSeenAt` (and `ip`, `userAgent`, `expiresAt`)
   *    when it is at least `touchInterval` old; its `loginAt`, `seq`, `deviceClass` and
   *    `pendingUntil` never change here. If it does not and this is no login and `register`
   *    is `false`: returns with nothing changed.
   *    Otherwise (a login, a first sight, or a forgotten session back): clears its notice,
   *    stores it with `seq` = next counter value, `loginAt` as `Admission.loginAt` says,
   *    `lastSeenAt` = now, its `deviceClass`; `registered: true`. Under `'choose'`, when the
   *    sessions ranked with it (below) are then more than their limit, it is stored pending:
   *    `pendingUntil` = now + `choiceTimeout`.
   * The sessions **ranked with** the presented one are those of its class (as stored) with
   * limits per class, else the whole account; **the limit** is its class's, or the number.
   * 4. Under `'choose'`, when the session is pending, not past `pendingUntil`, and `replace`
   *    names a live session ranked with it that holds its place: if fewer than the limit hold an
   *    active (non-idle) place nothing is ended, else that session is ended with reason
   *    `'replaced'`, `by` = this session's `loginAt` and `userAgent`.
   * 5. Ranks the sessions ranked with the presented one — only when they are more than the
   *    limit or the presented one is pending (so an account within its limit is not read
   *    whole), and never when the limit is `Infinity` (pending sessions stay pending): pending
   *    sessions past `pendingUntil` are ended (`'limit'`); pending ones are then promoted (the
   *    presented one first, then by `seq`) while fewer than the limit hold an active place — the
   *    presented one always when step 4 ended a session for it; of the holders (the presented
   *    one first when step 4 ended a session for it, then active before idle, then by strategy)
   *    all past the limit are ended: reason `'idle'` for an idle one, else `'newer-login'`
   *    (`'evict-oldest'`) or `'limit'` (`'reject-new'`); under `'choose'` an active one is made
   *    pending instead (`pendingUntil` = now + `choiceTimeout`); `by` = the newest holder's
   *    `loginAt` and `userAgent`, except for `'limit'`. Pending sessions never count towards the limit.
   * 6. Returns the session as stored if it is live (holding, or pending), else its notice.
   */
  admit(key: string, admission: Admission, rule: AdmissionRule): Promise<AdmissionResult>;

  /**
   * Ends sessions with the given reason, in one atomic step, and returns those that were held
   * live (with their `sid`). Handles not held live get a notice kept for `unknownLifetime`,
   * unless `onlyLive`. `{ all: true }` ends every live session and sets the end mark (the kept
   * session, `except`, gets a new `seq` above it): O(1) storage whatever the count.
   */
  end(key: string, request: EndRequest): Promise<EndedSession[]>;

  /** The account's live sessions by handle (forgotten ones excluded, pending ones included), in no particular order. */
  list(key: string, ttl: number): Promise<Record<string, StoredSession>>;
}

/** How far (ms) a presented login time may lie ahead of the store's clock before it is replaced by it. */
export const FUTURE_LOGIN_TOLERANCE = 5_000;
