import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { byLoginTime } from './session-order.js';
import { accountKey, sessionHandle } from './session-keys.js';
import type { AccountRecord, SessionEndNotice, SessionEndReason, SessionEvent, SessionInfo } from './session-record.interface.js';
import { SINGLE_SESSION_OPTIONS, SINGLE_SESSION_STORAGE } from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';
import type { SessionStorage } from './session-storage.interface.js';
import { accountId } from './request-identity.js';
import { signOutInStore, type SessionStoreLike } from './server-session.js';
import { VerdictCache } from './verdict-cache.js';

const EVENT_TYPES: Record<SessionEndReason, SessionEvent['type']> = {
  'newer-login': 'evicted',
  idle: 'evicted',
  limit: 'rejected',
  revoked: 'revoked',
  logout: 'logged-out',
};

/**
 * The registry of every account's sessions: list them, sign them out, and follow what happens
 * to them on `events$`. Injectable from any module once `SingleSessionModule` is imported.
 */
@Injectable()
export class SessionTrackerService implements OnModuleDestroy {
  private readonly subject = new Subject<SessionEvent>();
  private readonly logger = new Logger('SingleSession');
  private sessionStore?: SessionStoreLike;

  /** Every registration, eviction, refusal, revocation and logout, as it happens on this instance. */
  readonly events$: Observable<SessionEvent> = this.subject.asObservable();

  /** @internal Sessions recently found holding their account, read before the store. */
  readonly verdicts: VerdictCache;

  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(SINGLE_SESSION_STORAGE) private readonly storage: SessionStorage,
  ) {
    this.verdicts = new VerdictCache(options.recheckInterval);
  }

  /** The account's live sessions, newest login first. */
  async list(userId: string | number): Promise<SessionInfo[]> {
    const record = await this.read(userId);
    return liveSessions(record).map(([handle, session]) => ({
      handle,
      loginAt: session.loginAt,
      lastSeenAt: session.lastSeenAt,
      ip: session.ip,
      userAgent: session.userAgent,
    }));
  }

  /** Signs one session of the account out; `false` when it has no such live session. */
  async revoke(userId: string | number, handle: string): Promise<boolean> {
    return (await this.revokeWhere(userId, (candidate) => candidate === handle)) === 1;
  }

  /** Signs out every session of the account but the one with this session id; returns how many. */
  revokeOthers(userId: string | number, currentSessionId: string): Promise<number> {
    const current = sessionHandle(currentSessionId);
    return this.revokeWhere(userId, (handle) => handle !== current);
  }

  /** Signs out every session of the account (after a password change, say); returns how many. */
  revokeAll(userId: string | number): Promise<number> {
    return this.revokeWhere(userId, () => true);
  }

  /** The opaque handle under which a session id is tracked and listed. */
  handleOf(sessionId: string): string {
    return sessionHandle(sessionId);
  }

  /**
   * Ends a session as a logout: a token session stays refused until the tracker forgets it, a
   * server session is dropped from the registry. express-session apps need not call it: a
   * request that logs out (passport's `req.logout()`, `req.session.destroy()`) is seen.
   */
  async logout(userId: string | number, sessionId: string): Promise<void> {
    const handle = sessionHandle(sessionId);
    const key = this.keyOf(userId);
    const record = await this.storage.read(key);
    if (record.sessions[handle]?.sid) {
      await this.storage.forgetSessions(key, [handle], this.options.ttl);
      this.verdicts.forget(handle);
      this.emit('logged-out', userId, handle, 'logout');
    } else {
      await this.end(userId, record, new Map([[handle, { reason: 'logout', endedAt: Date.now() }]]));
    }
  }

  /** @internal The cache key of an account. */
  keyOf(userId: string | number): string {
    const id = accountId(userId);
    if (id === undefined) throw new TypeError(`SingleSession: ${String(userId)} is not a usable account id`);
    return accountKey(this.options.keyPrefix, id);
  }

  /** @internal Remembers the app's session store, to sign sessions out in it. */
  useSessionStore(store: SessionStoreLike | undefined): void {
    if (store && !this.sessionStore) this.sessionStore = store;
  }

  /** @internal The storage the tracker writes to. */
  get store(): SessionStorage {
    return this.storage;
  }

  /**
   * @internal Ends sessions of an account: marks them in the storage, signs server sessions
   * out in the session store, forgets their cached verdicts and emits one event each.
   */
  async end(userId: string | number, record: AccountRecord, notices: Map<string, SessionEndNotice>): Promise<void> {
    if (notices.size === 0) return;
    await this.storage.endSessions(this.keyOf(userId), Object.fromEntries(notices), this.options.ttl);
    for (const [handle, notice] of notices) {
      this.verdicts.forget(handle);
      const sid = record.sessions[handle]?.sid;
      if (sid && this.sessionStore) {
        await signOutInStore(this.sessionStore, sid, notice).catch((error: unknown) =>
          this.logger.error(`Could not sign session ${handle} out in the session store: ${String(error)}`),
        );
      }
      this.emit(EVENT_TYPES[notice.reason], userId, handle, notice.reason, notice.endedAt);
    }
  }

  /** @internal Emits one event. */
  emit(type: SessionEvent['type'], userId: string | number, handle: string, reason: SessionEvent['reason'], at = Date.now()): void {
    this.subject.next({ type, userId: String(userId), handle, reason, at });
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }

  private read(userId: string | number): Promise<AccountRecord> {
    return this.storage.read(this.keyOf(userId));
  }

  private async revokeWhere(userId: string | number, selected: (handle: string) => boolean): Promise<number> {
    const record = await this.read(userId);
    const endedAt = Date.now();
    const notices = new Map<string, SessionEndNotice>(
      liveSessions(record)
        .filter(([handle]) => selected(handle))
        .map(([handle]) => [handle, { reason: 'revoked', endedAt }]),
    );
    await this.end(userId, record, notices);
    return notices.size;
  }
}

/** Sessions of a record that have not ended, newest login first. */
function liveSessions(record: AccountRecord) {
  return Object.entries(record.sessions)
    .filter(([handle]) => !(handle in record.ended))
    .sort(byLoginTime)
    .reverse();
}
