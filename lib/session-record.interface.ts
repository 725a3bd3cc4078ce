/** Why a session stopped holding its account. */
export type SessionEndReason =
  /** A newer login of the account took its place (`'evict-oldest'`). */
  | 'newer-login'
  /** It was idle longer than `idleTimeout` and another session took its place. */
  | 'idle'
  /** The account already had `maxSessions` sessions (`'reject-new'`; under `'choose'`, no choice was made within `choiceTimeout`). */
  | 'limit'
  /** Under `'choose'`, a new session of the account chose to sign it out to take its place. */
  | 'replaced'
  /** `revoke`, `revokeOthers` or `revokeAll` signed it out. */
  | 'revoked'
  /** The user logged out. */
  | 'logout';

/** One tracked session as `SessionTrackerService.list()` returns it. */
export interface SessionInfo {
  /** Opaque, stable name of the session: a hash of its id, never the id itself. */
  handle: string;
  /** When the session logged in (epoch ms); fixed for the session's life. */
  loginAt: number;
  /** When the session was last seen by the guard (epoch ms, store clock), within `touchInterval`. */
  lastSeenAt: number;
  /** Client IP at the last write (`req.ip`), if known. */
  ip?: string;
  /** `User-Agent` header at the last write, if any. */
  userAgent?: string;
  /** The session's device class (the `deviceClass` option's answer at its login), when classes are used. */
  deviceClass?: string;
}

/**
 * What a pending session is offered under `strategy: 'choose'` (body of its 409): the sessions
 * it may take the place of, and until when it may choose.
 */
export interface SessionChoice {
  /** The account's sessions of the pending session's device class that hold their place, newest login first. */
  sessions: SessionInfo[];
  /** When the pending session stops waiting and is refused (epoch ms, store clock). */
  choiceExpiresAt: number;
  /** The limit of the class. */
  maxSessions: number;
  /** The device class, when classes are used. */
  deviceClass?: string;
}

/** What a signed-out session is told about why (body of the 401/403 it receives). */
export interface SessionEndNotice {
  /** Why the session ended. */
  reason: SessionEndReason;
  /** When it ended (epoch ms, store clock). */
  endedAt: number;
  /** The session that took its place, when there is one. */
  by?: Pick<SessionInfo, 'loginAt' | 'userAgent'>;
}

/** Stored form of one live session of an account. */
export interface StoredSession {
  /**
   * Login time, epoch ms: the store's clock at the session's first admission (server sessions,
   * logins registered without a time), else the token's own login time (`auth_time`/`iat`).
   */
  loginAt: number;
  /** Order of first sight within the account (1, 2, …): breaks ties of `loginAt`. */
  seq: number;
  /** Last admission or touch, epoch ms, store clock. */
  lastSeenAt: number;
  /** Until when the session can still be presented (epoch ms): its end notice is kept that long. */
  expiresAt: number;
  /** Raw server-session id, kept server-side so the session can be signed out in its store. */
  sid?: string;
  /** Client IP. */
  ip?: string;
  /** User agent. */
  userAgent?: string;
  /** Device class, fixed at registration (see `Admission.deviceClass`). */
  deviceClass?: string;
  /** Under `'choose'`, for a session waiting for a choice: until when it may wait (epoch ms, store clock). */
  pendingUntil?: number;
}

/**
 * What the tracker emits on `events$`: every event of every instance sharing the store, each
 * once. It names the session by its handle, never by its id.
 */
export interface SessionEvent {
  /** What happened. */
  type: 'registered' | 'pending' | 'evicted' | 'rejected' | 'revoked' | 'logged-out';
  /** Account id as `getUserId` returned it, as a string. */
  userId: string;
  /** Handle of the session concerned. */
  handle: string;
  /** Why, for ended sessions; `'login'` for `registered` and `pending`. */
  reason: SessionEndReason | 'login';
  /** When (epoch ms). */
  at: number;
  /** The instance that decided it (`SessionTrackerService.instanceId` there). */
  instanceId: string;
  /** For an ended session: what it is told, as in its 401/403 body. */
  notice?: SessionEndNotice;
  /** `true` when the module runs with `dryRun`: this is what it would have done; nothing was done. */
  dryRun?: true;
}
