import { admitTo, dropExpired, dropForgotten, emptyState, endIn, holdsEnds, holdsSessions, isSpent, liveIn, type AccountState } from './account-state.js';
import { decodeAccountState, encodeAccountState, SharedUserAgents } from './account-state-codec.js';
import type { Admission, AdmissionResult, AdmissionRule, EndedSession, EndRequest, SessionStorage } from './session-storage.interface.js';
import type { StoredSession } from './session-record.interface.js';
import { RecencyMap } from './recency-map.js';

/** An account as the store keeps it: encoded, or as it is (see `MemorySessionStorage.encode`). */
type KeptState = string | AccountState;

/** Notice-only accounts looked at for expiry on each call (the oldest ones). */
const SWEEP_PER_CALL = 2;
/** Longest wait (ms) between two reads of the least recently used live account by the sweep. */
const MAX_LIVE_SWEEP_DELAY = 1000;
/** The sweep reads the least recently used live account again after at most this share of `ttl`. */
const LIVE_SWEEP_DELAY_SHARE = 0.01;

/**
 * `SessionStorage` in this process's memory: the default when the app gives no storage and
 * has no `CacheModule`. Every call runs synchronously, so it is atomic; the clock is this
 * process's. No timer: calls drop the expired accounts at the head of the least-recently-used
 * order, so they go at the pace they come (within a hundredth of `ttl`, and a second at most).
 *
 * Bounded: at most `accountLimit` accounts hold live sessions. Past it, the least recently
 * used account's live sessions are forgotten (they re-register on their next request, as after
 * a wipe); its end notices and mark are kept until they expire, so nothing ended comes back.
 * Compact: each account is kept as one string (`encodeAccountState`), user agents shared.
 */
export class MemorySessionStorage implements SessionStorage {
  /** Accounts with live sessions, least recently used first (see `keep`). */
  private readonly accounts = new RecencyMap<string, KeptState>();
  /** Accounts that only hold end notices (their sessions were forgotten for room), oldest first. */
  private readonly retired = new RecencyMap<string, KeptState>();
  private readonly userAgents = new SharedUserAgents();
  /** For accounts kept as they are: when their next notice expires (they are pruned whole then, not on every call). */
  private readonly nextExpiry = new WeakMap<AccountState, number>();
  /**
   * When the sweep reads the least recently used live accounts again. Not on every call: when
   * accounts are used in turn (a login storm over many accounts), the least recently used one
   * is a different one on every call, and reading it on every call doubles the work of a call.
   */
  private liveSweepAt = -Infinity;
  /** How long the sweep leaves the live accounts unread once it has read them (ms). */
  private readonly liveSweepDelay: number;

  /**
   * @param accountLimit most accounts with live sessions kept (`memoryLimit`)
   * @param ttl how long (ms) an unseen session is kept (`ttl`), for the sweep
   * @param now the clock (for tests)
   */
  constructor(
    private readonly accountLimit: number,
    private readonly ttl: number,
    private readonly now: () => number = Date.now,
  ) {
    this.liveSweepDelay = Math.min(MAX_LIVE_SWEEP_DELAY, ttl * LIVE_SWEEP_DELAY_SHARE);
  }

  async admit(key: string, admission: Admission, rule: AdmissionRule): Promise<AdmissionResult> {
    const now = this.now();
    const state = this.take(key, now);
    const result = admitTo(state, admission, rule, now);
    this.shareUserAgents(result);
    this.put(key, state);
    return result;
  }

  async end(key: string, request: EndRequest): Promise<EndedSession[]> {
    const now = this.now();
    const state = this.take(key, now);
    const ended = endIn(state, request, now);
    this.put(key, state);
    return ended;
  }

  async list(key: string, ttl: number): Promise<Record<string, StoredSession>> {
    const kept = this.accounts.get(key);
    return kept ? liveIn(this.decode(kept), this.now(), ttl) : {};
  }

  /** Number of accounts held (with live sessions, and with notices only). */
  get size(): number {
    return this.accounts.size + this.retired.size;
  }

  /**
   * Puts the shared copy of each user agent the call stored (the session's, and the newer
   * device's in the notices it made) in place of the request's: an account kept as it is (with end
   * notices) holds what it is given. Only stored ones: a refused request's user agent does not enter the table.
   */
  private shareUserAgents({ session, ended }: AdmissionResult): void {
    if (session?.userAgent !== undefined) session.userAgent = this.userAgents.shared(session.userAgent);
    for (const { notice } of ended) {
      if (notice.by?.userAgent !== undefined) notice.by.userAgent = this.userAgents.shared(notice.by.userAgent);
    }
  }

  /** Removes the account's state from the maps (to be put back as most recent) after a sweep step. */
  private take(key: string, now: number): AccountState {
    this.sweep(now);
    const kept = this.accounts.take(key) ?? this.retired.take(key);
    if (kept === undefined) return emptyState();
    const state = this.decode(kept);
    if (typeof kept !== 'string' && now >= (this.nextExpiry.get(state) ?? 0)) this.prune(state, now);
    return state;
  }

  /** Puts the account back as the most recent, or drops it when nothing is left; keeps the bound. */
  private put(key: string, state: AccountState): void {
    if (isSpent(state)) return;
    if (!holdsSessions(state)) {
      this.retired.set(key, this.encode(state));
      return;
    }
    this.accounts.set(key, this.encode(state));
    if (this.accounts.size > this.accountLimit) this.retire(this.accounts.oldest()!);
  }

  /** Forgets the live sessions of an account to make room; keeps its notices. */
  private retire(key: string): void {
    const state = this.decode(this.accounts.get(key)!);
    this.accounts.delete(key);
    state.sessions.clear();
    if (!isSpent(state)) this.retired.set(key, this.encode(state));
  }

  /**
   * Drops what expired at the head of each map: the least recently used accounts (whose
   * sessions expire first), up to the first one still live, once per `liveSweepDelay` (and
   * whenever the clock stepped back); and on every call the oldest notice-only accounts, which
   * go to the back while their notices last.
   */
  private sweep(now: number): void {
    if (now >= this.liveSweepAt || now < this.liveSweepAt - this.liveSweepDelay) {
      this.liveSweepAt = now + this.liveSweepDelay;
      this.sweepLive(now);
    }
    for (let budget = SWEEP_PER_CALL; budget > 0; budget--) {
      const key = this.retired.oldest();
      if (key === undefined) break;
      const state = this.decode(this.retired.get(key)!);
      dropExpired(state, now, this.ttl);
      this.retired.delete(key);
      if (!isSpent(state)) this.retired.set(key, this.encode(state));
    }
  }

  /** Drops the least recently used accounts that hold no live session, up to the first one that does. */
  private sweepLive(now: number): void {
    for (let key = this.accounts.oldest(); key !== undefined; key = this.accounts.oldest()) {
      const state = this.decode(this.accounts.get(key)!);
      dropForgotten(state, now, this.ttl);
      if (holdsSessions(state)) break;
      dropExpired(state, now, this.ttl);
      this.accounts.delete(key);
      if (!isSpent(state)) this.retired.set(key, this.encode(state));
    }
  }

  /**
   * How an account is kept: encoded (compact) while it has no end notices and no mark — the
   * common case —, else as it is, so that an account with many notices is not re-read and
   * re-written whole on every call.
   */
  private encode(state: AccountState): KeptState {
    if (this.nextExpiry.has(state)) return state;
    if (!holdsEnds(state)) return encodeAccountState(state, this.userAgents);
    this.nextExpiry.set(state, nextExpiryOf(state));
    return state;
  }

  /** Drops what expired in an account kept as it is, and notes when its next notice expires. */
  private prune(state: AccountState, now: number): void {
    dropExpired(state, now, this.ttl);
    if (holdsEnds(state)) this.nextExpiry.set(state, nextExpiryOf(state));
    else this.nextExpiry.delete(state);
  }

  private decode(kept: KeptState): AccountState {
    return typeof kept === 'string' ? decodeAccountState(kept, this.userAgents) : kept;
  }
}

/** When the first of an account's notices (or its mark) expires. */
function nextExpiryOf(state: AccountState): number {
  let next = state.mark?.expiresAt ?? Infinity;
  for (const kept of state.notices.values()) next = Math.min(next, kept.expiresAt);
  return next;
}
