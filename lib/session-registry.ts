import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';
import { accountKey } from './session-keys.js';
import type { AccountRecord, SessionEndNotice, SessionEndReason, SessionEvent } from './session-record.interface.js';
import { SINGLE_SESSION_OPTIONS, SINGLE_SESSION_STORAGE } from './single-session.internal-constants.js';
import type { ResolvedOptions } from './single-session-options.js';
import type { SessionStorage } from './session-storage.interface.js';
import { accountId } from './request-identity.js';
import { signOutInStore, type SessionStoreLike } from './server-session.js';
import { withinTimeout } from './time-limited-storage.js';
import { VerdictCache } from './verdict-cache.js';

const EVENT_TYPES: Record<SessionEndReason, SessionEvent['type']> = {
  'newer-login': 'evicted',
  idle: 'evicted',
  limit: 'rejected',
  revoked: 'revoked',
  logout: 'logged-out',
};

/**
 * Internal: what the tracker and the enforcer share — the storage and its keys, the cached
 * verdicts, the app's session store, and the event stream — and how a session is ended.
 */
@Injectable()
export class SessionRegistry implements OnModuleDestroy {
  /** Every event, as it happens on this instance. */
  readonly events = new Subject<SessionEvent>();
  /** Sessions recently found holding their account, read before the store. */
  readonly verdicts: VerdictCache;
  private readonly logger = new Logger('SingleSession');
  private sessionStore?: SessionStoreLike;

  constructor(
    @Inject(SINGLE_SESSION_OPTIONS) readonly options: ResolvedOptions,
    @Inject(SINGLE_SESSION_STORAGE) readonly storage: SessionStorage,
  ) {
    this.verdicts = new VerdictCache(options.recheckInterval);
  }

  /** The storage key of an account; throws a `TypeError` for an id that names no account. */
  keyOf(userId: string | number): string {
    const id = accountId(userId);
    if (id === undefined) throw new TypeError(`SingleSession: ${String(userId)} is not a usable account id`);
    return accountKey(this.options.keyPrefix, id);
  }

  /** Reads an account's record. */
  read(userId: string | number): Promise<AccountRecord> {
    return this.storage.read(this.keyOf(userId));
  }

  /** Remembers the app's express-session store, to sign sessions out in it. */
  useSessionStore(store: SessionStoreLike | undefined): void {
    if (store && !this.sessionStore) this.sessionStore = store;
  }

  /**
   * Ends sessions of an account: marks them in the storage and signs server sessions out in the
   * session store — both at once, so an evicting login waits for one round trip here, not one per
   * store — then forgets their cached verdicts and emits one event each.
   */
  async end(userId: string | number, record: AccountRecord, notices: Map<string, SessionEndNotice>): Promise<void> {
    if (notices.size === 0) return;
    const key = this.keyOf(userId);
    await Promise.all([
      this.storage.endSessions(key, Object.fromEntries(notices), this.options.ttl),
      ...[...notices].map(([handle, notice]) => this.signOutServerSession(handle, record.sessions[handle]?.sid, notice)),
    ]);
    this.verdicts.accountChanged(key);
    for (const [handle, notice] of notices) {
      this.verdicts.forget(handle);
      this.emit(EVENT_TYPES[notice.reason], userId, handle, notice.reason, notice.endedAt);
    }
  }

  /** Signs a server session out in the app's session store; a failure is logged, not thrown. */
  private async signOutServerSession(handle: string, sid: string | undefined, notice: SessionEndNotice): Promise<void> {
    if (!sid || !this.sessionStore) return;
    await withinTimeout(signOutInStore(this.sessionStore, sid, notice), this.options.storeTimeout).catch((error: unknown) =>
      this.logger.error(`Could not sign session ${handle} out in the session store: ${String(error)}`),
    );
  }

  /** Emits one event. */
  emit(type: SessionEvent['type'], userId: string | number, handle: string, reason: SessionEvent['reason'], at = Date.now()): void {
    this.events.next({ type, userId: String(userId), handle, reason, at });
  }

  onModuleDestroy(): void {
    this.events.complete();
  }
}
