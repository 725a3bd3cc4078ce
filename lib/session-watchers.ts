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
  /** Subscribers by watched session (its handle, then its account's storage key). */
  private readonly watched = new Map<string, Set<Subscriber<SessionEndNotice>>>();
  private readonly log = new RateLimitedLogger();
  private closed = false;

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
      let subscribers = this.watched.get(id);
      if (!subscribers) this.watched.set(id, (subscribers = new Set()));
      subscribers.add(subscriber);
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
    const subscribers = this.watched.get(id);
    if (!subscribers) return;
    this.watched.delete(id);
    for (const subscriber of subscribers) this.end(subscriber, event.notice);
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

  private end(subscriber: Subscriber<SessionEndNotice>, notice: SessionEndNotice): void {
    subscriber.next(notice);
    subscriber.complete();
  }

  private forget(id: string, subscriber: Subscriber<SessionEndNotice>): void {
    const subscribers = this.watched.get(id);
    if (!subscribers?.delete(subscriber) || subscribers.size > 0) return;
    this.watched.delete(id);
  }

  /** Completes every watcher without a notice: the module is closing. */
  private close(): void {
    this.closed = true;
    const all = [...this.watched.values()];
    this.watched.clear();
    for (const subscribers of all) for (const subscriber of subscribers) subscriber.complete();
  }

  private isolated(subscribe: (subscriber: Subscriber<SessionEndNotice>) => (() => void) | void): Observable<SessionEndNotice> {
    return new IsolatedObservable<SessionEndNotice>(subscribe, (error) =>
      this.log.error('watcher', `A watcher of a session threw (${String(error)}); the other watchers were still told.`),
    );
  }
}
