import type { Observable, Subscriber } from 'rxjs';
import { IsolatedObservable } from './isolated-observable.js';
import { RateLimitedLogger } from './rate-limited-logger.js';
import { withoutDevice } from './session-enforcer.js';
import { sessionHandle } from './session-keys.js';
import type { SessionEndNotice, SessionEvent } from './session-record.interface.js';
import type { SessionRegistry } from './session-registry.js';

/**
 * Internal: the sessions watched on this instance (`SessionTrackerService.watch`). One map of
 * watched session → its subscribers, fed by one subscription to the cluster-wide `events$`:
 * nothing per request, one map entry per watched session, no store or Redis subscription per
 * watcher.
 */
export class SessionWatchers {
  /** Subscribers by watched session (its handle, then its account's storage key): the one, or a set of several. */
  private readonly watched = new Map<string, Watcher | Set<Watcher>>();
  private readonly log = new RateLimitedLogger();
  private closed = false;
  /** What a watcher's subscriber throws goes here (one function for all: a watcher keeps little alive). */
  private readonly onWatcherError = (error: unknown) => this.log.error('watcher', `A watcher of a session threw (${String(error)}); the other watchers were still told.`);

  constructor(private readonly registry: SessionRegistry) {
    registry.events$.subscribe({ next: (event) => this.tell(event), complete: () => this.close() });
  }

  /**
   * The end notice of a session, once, when it ends on any instance; at once if it has ended
   * already (one store call). Completes after the notice, or without one when the module closes.
   */
  watch(userId: string | number, sessionId: string, loginAt?: number): Observable<SessionEndNotice> {
    return this.isolated((subscriber) => {
      if (this.closed) return subscriber.complete();
      const key = this.registry.keyOf(userId);
      const handle = sessionHandle(sessionId);
      const id = handle + key;
      const present = this.watched.get(id);
      if (!present) this.watched.set(id, subscriber);
      else if (present instanceof Set) present.add(subscriber);
      else this.watched.set(id, new Set([present, subscriber]));
      void this.endedAlready(key, handle, loginAt).then((notice) => notice && this.end(subscriber, notice));
      return () => this.forget(id, subscriber);
    });
  }

  /** An Observable of `notice` alone, for a session known to have ended. */
  ended(notice: SessionEndNotice): Observable<SessionEndNotice> {
    return this.isolated((subscriber) => this.end(subscriber, notice));
  }

  /** Number of sessions watched on this instance. */
  get size(): number {
    return this.watched.size;
  }

  /** Hands an end event to the subscribers of its session, and forgets them. */
  private tell(event: SessionEvent): void {
    if (!event.notice || this.watched.size === 0) return;
    const id = event.handle + this.registry.keyOf(event.userId);
    const present = this.watched.get(id);
    if (!present) return;
    this.watched.delete(id);
    for (const subscriber of all(present)) this.end(subscriber, event.notice);
  }

  /**
   * The session's notice if it has ended, asked of the store once this instance hears the
   * others' events (so that no end falls between the answer and the subscription). The call is
   * the one a request of the session makes, with no limit: it changes nothing for a session
   * that is held or ended, and puts one the store lost back (by `loginAt`), as its next request
   * would. A failure is logged: the watcher then relies on the events.
   */
  private async endedAlready(key: string, handle: string, loginAt: number | undefined): Promise<SessionEndNotice | undefined> {
    const { registry } = this;
    await registry.listening;
    try {
      const admission = { handle, login: false, loginAt, expiresAt: Date.now() + registry.options.tokenLifetime };
      const { notice } = await registry.storage.admit(key, admission, registry.ruleFor(Infinity));
      return notice && (registry.options.showNewerDevice ? notice : withoutDevice({ notice }).notice);
    } catch (error) {
      this.log.error('watch', `Could not ask the store whether a watched session has ended (${String(error)}); it is told when it ends from now on.`);
      return undefined;
    }
  }

  private end(subscriber: Watcher, notice: SessionEndNotice): void {
    subscriber.next(notice);
    subscriber.complete();
  }

  private forget(id: string, subscriber: Watcher): void {
    const present = this.watched.get(id);
    if (present === subscriber || (present instanceof Set && present.delete(subscriber) && present.size === 0)) this.watched.delete(id);
  }

  /** Completes every watcher without a notice: the module is closing. */
  private close(): void {
    this.closed = true;
    const watched = [...this.watched.values()];
    this.watched.clear();
    for (const present of watched) for (const subscriber of all(present)) subscriber.complete();
  }

  private isolated(subscribe: (subscriber: Watcher) => (() => void) | void): Observable<SessionEndNotice> {
    return new IsolatedObservable<SessionEndNotice>(subscribe, this.onWatcherError);
  }
}

/** One watcher: the subscriber of a `watch()`. */
type Watcher = Subscriber<SessionEndNotice>;

/** The watchers of one session, as a list. */
function all(present: Watcher | Set<Watcher>): Iterable<Watcher> {
  return present instanceof Set ? present : [present];
}
