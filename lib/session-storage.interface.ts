import type { AccountRecord, SessionEndNotice, StoredSession } from './session-record.interface.js';

/**
 * Where the tracker keeps each account's sessions. Every method is keyed by the account's
 * storage key and must apply its change atomically with respect to other calls on that key,
 * so that no write of one session ever erases another session's write.
 * `CacheSessionStorage` implements it over the Nest cache manager.
 */
export interface SessionStorage {
  /** Returns the account's record (empty when unknown). */
  read(key: string): Promise<AccountRecord>;
  /**
   * Writes one session's entry and returns the whole record as it is after the write.
   * The record is kept `ttlMs` after its last write.
   */
  putSession(key: string, handle: string, session: StoredSession, ttlMs: number): Promise<AccountRecord>;
  /** Marks sessions as ended (and drops their entries); an ended session stays ended. */
  endSessions(key: string, ended: Record<string, SessionEndNotice>, ttlMs: number): Promise<void>;
  /** Forgets sessions entirely, ended or not. */
  forgetSessions(key: string, handles: string[], ttlMs: number): Promise<void>;
}
