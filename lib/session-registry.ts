import { HttpException, Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import { IsolatedObservable } from './isolated-observable.js';
import { MemoryEventBus } from './memory-event-bus.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { accountId } from './request-identity.js';
import { cookieLike, getFromStore, readStamp, signOutInStore, type SessionStamp, type SessionStoreLike } from './server-session.js';
import type { SessionEventBus } from './session-event-bus.interface.js';
import { accountKey, sessionHandle } from './session-keys.js';
import type { SessionEndReason, SessionEvent } from './session-record.interface.js';
import type { AdmissionRule, EndedSession, EndSelection, SessionStorage } from './session-storage.interface.js';
import { SessionStoreUnavailableException } from './session-store-unavailable.exception.js';
import { SINGLE_SESSION_EVENT_BUS, SINGLE_SESSION_OPTIONS, SINGLE_SESSION_STORAGE } from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';
import { withinTimeout } from './time-limited-storage.js';
import { VerdictCache } from './verdict-cache.js';

/** Holds, on a session's data, the login (account and login time) admitted in this request (a symbol: never serialised with the session). */
const FRESH_STAMP = Symbol('SINGLE_SESSION:FRESH_STAMP');

const EVENT_TYPES: Record<SessionEndReason, SessionEvent['type']> = {
  'newer-login': 'evicted',
  idle: 'evicted',
  replaced: 'evicted',
  limit: 'rejected',
  revoked: 'revoked',
  logout: 'logged-out',
};

/**
 * Internal: what the tracker and the enforcer share — the storage and its keys, the cached
 * verdicts, the app's session store, the event stream — and how sessions are ended.
 */
@Injectable()
export class SessionRegistry implements OnModuleInit, OnModuleDestroy {
  /** Sessions recently found holding their account, read before the store. */
  readonly verdicts: VerdictCache;
  /**
   * Every event of every instance sharing the store, each once: this instance's as they happen,
   * the others' as the bus brings them. A subscriber that throws is logged, not fatal.
   */
  readonly events$: IsolatedObservable<SessionEvent>;
  /** Resolves once the other instances' events are being received. */
  listening: Promise<void> = Promise.resolve();
  private readonly events = new Subject<SessionEvent>();
  private readonly log = new RateLimitedLogger();
  private readonly logger = new Logger('SingleSession');
  private sessionStore?: SessionStoreLike;
  private closed = false;

  /**
   * @param bus carries events between instances; by default none beyond this one
   */
  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) readonly options: ResolvedOptions,
    @Inject(SINGLE_SESSION_STORAGE) readonly storage: SessionStorage,
    @Inject(SINGLE_SESSION_EVENT_BUS) private readonly bus: SessionEventBus = new MemoryEventBus(),
  ) {
    this.verdicts = new VerdictCache(options.recheckInterval);
    const events = this.events;
    this.events$ = new IsolatedObservable<SessionEvent>(
      (subscriber) => events.subscribe(subscriber),
      (error) => this.log.error('subscriber', `An events$ subscriber threw (${String(error)}); the event was still delivered to the others.`),
    );
    this.useSessionStore(options.sessionStore);
  }

  /** This instance's id, on every event it emits. */
  get instanceId(): string {
    return this.bus.instanceId;
  }

  /** The storage key of an account; throws a `TypeError` for an id that names no account. */
  keyOf(userId: string | number): string {
    const id = accountId(userId);
    if (id === undefined) throw new TypeError(`SingleSession: ${String(userId)} is not a usable account id`);
    return accountKey(this.options.keyPrefix, id);
  }

  /** The admission rule for an account whose limit is `limit`. */
  ruleFor(limit: AdmissionRule['limit']): AdmissionRule {
    const { strategy, idleTimeout, ttl, touchInterval, choiceTimeout } = this.options;
    return { limit, strategy, idleTimeout, ttl, touchInterval, choiceTimeout };
  }

  /**
   * Runs a storage call for the tracker's API: a failure (an error, a timeout) is logged and
   * becomes `SessionStoreUnavailableException` (503, `code: 'SESSION_STORE_UNAVAILABLE'`).
   */
  async stored<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.log.error('store-api', `The session store failed (${String(error)}); the call was not applied.`);
      throw new SessionStoreUnavailableException();
    }
  }

  /** Ends sessions of an account (`SessionStorage.end`), then signs them out everywhere; returns those that were live. */
  async endSessions(userId: string | number, select: EndSelection, reason: SessionEndReason): Promise<EndedSession[]> {
    const key = this.keyOf(userId);
    const { tokenLifetime: unknownLifetime, ttl } = this.options;
    const ended = await this.stored(() => this.storage.end(key, { select, reason, unknownLifetime, ttl }));
    this.verdicts.accountChanged(key);
    await this.settle(userId, ended);
    return ended;
  }

  /**
   * After sessions ended in the storage (and the caller voided the account's cached verdicts,
   * `VerdictCache.accountChanged`): signs server sessions out in the session store (all at
   * once, in one call each when `cookieTemplate` — the cookie of a session of the request at
   * hand — gives the app's cookie settings; a failure is logged), drops the cached verdicts of
   * the ended server sessions, emits one event each (after `first`, the event of the login that
   * ended them, if any: all in one message to the other instances). Under `dryRun`, changes
   * nothing (no sign-out, no verdict dropped): logs each decision and emits its event marked `dryRun`.
   */
  async settle(
    userId: string | number,
    ended: EndedSession[],
    { cookieTemplate, dryRun = false, first }: { cookieTemplate?: unknown; dryRun?: boolean; first?: SessionEvent } = {},
  ): Promise<void> {
    if (dryRun) {
      for (const { handle, notice } of ended) this.logger.log(`Dry run: session ${handle} of account ${String(userId)} would be signed out (${notice.reason}).`);
    } else if (ended.length > 0) {
      await Promise.all(
        ended.map(({ handle, sid, notice, expiresAt }) => (sid ? this.signOutServerSession(handle, sid, notice, cookieLike(cookieTemplate, expiresAt)) : undefined)),
      );
    }
    const { instanceId } = this.bus;
    const events = first ? [first] : [];
    for (const { handle, sid, notice } of ended) {
      // A server session's store id is the id its requests present: its void confirmation can go.
      if (sid && !dryRun) this.verdicts.forget(sid);
      const event: SessionEvent = { instanceId, type: EVENT_TYPES[notice.reason], userId: String(userId), handle, reason: notice.reason, at: notice.endedAt, notice };
      if (dryRun) event.dryRun = true;
      events.push(event);
    }
    if (events.length > 0) this.publish(events);
  }

  /** Emits one event without a notice (see `eventOf`). */
  emit(type: SessionEvent['type'], userId: string | number, handle: string, reason: SessionEvent['reason'], at = Date.now(), dryRun = false): void {
    this.publish([this.eventOf(type, userId, handle, reason, at, dryRun)]);
  }

  /** An event of this instance without a notice (marked `dryRun` when it reports a decision of a dry run), to emit now or with others (`settle`). */
  eventOf(type: SessionEvent['type'], userId: string | number, handle: string, reason: SessionEvent['reason'], at = Date.now(), dryRun = false): SessionEvent {
    const event: SessionEvent = { instanceId: this.bus.instanceId, type, userId: String(userId), handle, reason, at };
    if (dryRun) event.dryRun = true;
    return event;
  }

  /**
   * Remembers the app's session store (express-session's, `@fastify/session`'s: any store with `get`/`set`/`destroy`)
   * to sign sessions out in it, and watches it: a session destroyed there (a logout, a
   * regenerated session) leaves the tracker before the destroy completes, so its place is free
   * before the response; and an older copy of a session signed out since (an in-flight request
   * saving it) does not stay: after a save of a session that was signed in when its request
   * began, the tracker is asked (one call, before the save is reported done) and a session it
   * had ended is signed out again.
   */
  useSessionStore(store: SessionStoreLike | undefined): void {
    if (!store || this.sessionStore) return;
    this.sessionStore = store;
    const destroy = store.destroy.bind(store);
    const set = store.set.bind(store);
    const regenerate = store.regenerate?.bind(store);
    /** Sessions whose destroy comes from a regenerate that already dealt with them (no read needed). */
    const regenerating = new Set<string>();
    store.destroy = (sid, callback) => {
      if (regenerating.delete(sid)) return destroy(sid, callback);
      void this.beforeDestroy(sid).finally(() => destroy(sid, callback));
    };
    if (regenerate) {
      // express-session's regenerate (passport's login and logout) has the session at hand: no read of the store.
      store.regenerate = (req, callback) => {
        const stamp = readStamp(req.session);
        const regenerateNow = () => {
          regenerating.add(req.sessionID);
          regenerate(req, callback);
        };
        // A session signed in to no account (the usual login) ends nothing: it is regenerated at once.
        if (!this.endsAsLogout(stamp)) return regenerateNow();
        void this.endAsLogout(req.sessionID, stamp).finally(regenerateNow);
      };
    }
    store.set = (sid, data, callback) => {
      const stamp = readStamp(data);
      if (this.closed || stamp?.loginAt === undefined || stamp.userId === undefined || isFresh(data, stamp)) return set(sid, data, callback);
      set(sid, data, (error?: unknown) => {
        if (error) return callback?.(error);
        void this.keepSignedOut(sid, stamp.userId!, stamp.loginAt!, data.cookie).finally(() => callback?.());
      });
    };
  }

  /**
   * Records, on the session's data, the login (account and login time) this process just stamped
   * there, having admitted it: saving the session with a stamp of that login needs no check (a
   * check would delay the login's response, and a browser that follows its redirect at once could
   * then load the session before it is saved).
   */
  markFresh(data: Record<string | symbol, unknown>, userId: string, loginAt: number): void {
    data[FRESH_STAMP] = { userId, loginAt } satisfies SessionStamp;
  }

  /** Starts receiving the other instances' events (in the background: the app does not wait for Redis). */
  onModuleInit(): void {
    this.listening = this.bus.listen((event) => this.events.next(event)).catch((error: unknown) => {
      this.log.error('listen', `Could not subscribe to the other instances' session events (${String(error)}); events$ and watchers see this instance's only.`);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.events.complete();
    await this.bus.close();
  }

  /**
   * Emits events of this instance here, at once, and to the other instances, in one message.
   * Their first field is `instanceId`: the Redis bus drops its own messages, which come back to
   * it, by their start.
   */
  private publish(events: readonly SessionEvent[]): void {
    for (const event of events) this.events.next(event);
    this.bus.publish(events);
  }

  /** Signs a just-saved server session out again if the tracker had ended it (a stale copy written back); a failure is logged. */
  private async keepSignedOut(sid: string, userId: string, loginAt: number, cookie: unknown): Promise<void> {
    try {
      // A check, not a request: a session the tracker does not hold (a wipe) is left to its next request.
      const admission = { handle: sessionHandle(sid), login: false, loginAt, expiresAt: Date.now() + this.options.ttl, sid, register: false };
      const { notice } = await this.withinStoreTimeout(this.storage.admit(this.keyOf(userId), admission, this.ruleFor(Infinity)));
      if (notice && this.sessionStore) await this.withinStoreTimeout(signOutInStore(this.sessionStore, sid, notice, cookieLike(cookie, admission.expiresAt)));
    } catch (error) {
      this.log.error('write-back', `Could not check a saved session against the tracker (${String(error)}).`);
    }
  }

  /** Ends a server session about to be destroyed in its store as a logout, reading its stamp from the store. */
  private async beforeDestroy(sid: string): Promise<void> {
    if (this.closed || !this.sessionStore) return;
    try {
      await this.endAsLogout(sid, readStamp(await this.withinStoreTimeout(getFromStore(this.sessionStore, sid))));
    } catch (error) {
      this.log.error('logout', `A logout could not be recorded (${String(error)}): the session keeps its place until it is idle.`);
    }
  }

  /** Whether destroying a session with this stamp ends a tracked session (a logout): it is signed in, and the module is open. */
  private endsAsLogout(stamp: SessionStamp | undefined): stamp is SessionStamp & { userId: string } {
    return !this.closed && stamp?.userId !== undefined && stamp.loginAt !== undefined && !stamp.ended;
  }

  /** Ends a signed-in server session (by its stamp) as a logout; a failure is logged, never silent. */
  private async endAsLogout(sid: string, stamp: SessionStamp | undefined): Promise<void> {
    if (!this.endsAsLogout(stamp)) return;
    try {
      await this.endSessions(stamp.userId, { handles: [sessionHandle(sid)] }, 'logout');
    } catch (error) {
      this.log.error('logout', `A logout could not be recorded (${String(error)}): the session keeps its place until it is idle.`);
    }
  }

  /** Signs a server session out in the app's session store; a failure is logged, not thrown. */
  private signOutServerSession(handle: string, sid: string, notice: EndedSession['notice'], cookie?: Record<string, unknown>): Promise<void> | undefined {
    if (!this.sessionStore) {
      this.log.warnOnce('no-session-store', 'A server session ended before this instance learned the session store; it is refused by the guard, but not wiped in the store. Set the `sessionStore` option.');
      return undefined;
    }
    return this.withinStoreTimeout(signOutInStore(this.sessionStore, sid, notice, cookie)).catch((error: unknown) =>
      this.log.error('sign-out', `Could not sign session ${handle} out in the session store: ${String(error)}`),
    );
  }

  private withinStoreTimeout<T>(call: Promise<T>): Promise<T> {
    return withinTimeout(call, this.options.storeTimeout);
  }
}

/**
 * Whether the session's data is stamped (`stamp`) for the login `markFresh` recorded there: one
 * admitted in this request, however often the stamp was written since (`@PreviousSessionEnd()`
 * writes it again without `previous`).
 */
function isFresh(data: Record<string | symbol, unknown>, stamp: SessionStamp): boolean {
  const fresh = data[FRESH_STAMP] as SessionStamp | undefined;
  return fresh !== undefined && fresh.userId === stamp.userId && fresh.loginAt === stamp.loginAt;
}
