import { asRecord, keptFirst, MAX_ENDED_PER_ACCOUNT, pruned } from './account-record.js';
import type { AccountRecord, SessionEndNotice, StoredSession } from './session-record.interface.js';
import type { SessionStorage } from './session-storage.interface.js';

/** Field-name prefixes inside an account's Redis hash. */
const SESSION_FIELD = 's:';
const ENDED_FIELD = 'e:';

/** The queued commands of a node-redis `MULTI` that the storage uses. */
export interface RedisMultiLike {
  hSet(key: string, field: string, value: string): RedisMultiLike;
  hSetNX(key: string, field: string, value: string): RedisMultiLike;
  hDel(key: string, fields: string[]): RedisMultiLike;
  pExpire(key: string, milliseconds: number): RedisMultiLike;
  hGetAll(key: string): RedisMultiLike;
  exec(): Promise<unknown[]>;
}

/** The node-redis (v4/v5) client commands the storage uses: the client `@keyv/redis` holds fits. */
export interface RedisClientLike {
  hGetAll(key: string): Promise<Record<string, string>>;
  hDel(key: string, fields: string[]): Promise<number>;
  multi(): RedisMultiLike;
}

/**
 * `SessionStorage` on Redis, using the client of the app's Keyv Redis store. Each account is
 * one hash with one field per session (`s:<handle>`) and per ended session (`e:<handle>`), so
 * every write touches only its own fields: concurrent logins on any number of instances never
 * erase each other, with no lock. Each call is one round trip (`MULTI … EXEC`).
 */
export class RedisSessionStorage implements SessionStorage {
  /** @param client a connected node-redis client, or a function that resolves to one. */
  constructor(private readonly client: RedisClientLike | (() => Promise<RedisClientLike>)) {}

  async read(key: string): Promise<AccountRecord> {
    return toRecord(await (await this.connection()).hGetAll(key));
  }

  async putSession(key: string, handle: string, session: StoredSession, ttlMs: number): Promise<AccountRecord> {
    const replies = await (await this.connection())
      .multi()
      .hSet(key, SESSION_FIELD + handle, JSON.stringify(session))
      .pExpire(key, ttlMs)
      .hGetAll(key)
      .exec();
    const record = toRecord(replies[2] as Record<string, string>);
    await this.dropStale(key, record, session.lastSeenAt, ttlMs);
    return record;
  }

  async endSessions(key: string, ended: Record<string, SessionEndNotice>, ttlMs: number): Promise<void> {
    const handles = Object.keys(ended);
    if (handles.length === 0) return;
    let multi = (await this.connection()).multi();
    for (const handle of handles) multi = multi.hSetNX(key, ENDED_FIELD + handle, JSON.stringify(ended[handle]));
    await multi
      .hDel(key, handles.map((handle) => SESSION_FIELD + handle))
      .pExpire(key, ttlMs)
      .exec();
  }

  async forgetSessions(key: string, handles: string[]): Promise<void> {
    if (handles.length === 0) return;
    await (await this.connection()).hDel(key, handles.flatMap((handle) => [SESSION_FIELD + handle, ENDED_FIELD + handle]));
  }

  private connection(): Promise<RedisClientLike> {
    return typeof this.client === 'function' ? this.client() : Promise.resolve(this.client);
  }

  /** Deletes the fields of sessions unseen for `ttlMs` and of the oldest notices past the bound. */
  private async dropStale(key: string, record: AccountRecord, now: number, ttlMs: number): Promise<void> {
    const fresh = pruned(record, now, ttlMs);
    const endedByPriority = Object.entries(fresh.ended).sort(keptFirst);
    const kept = new Set(endedByPriority.slice(0, MAX_ENDED_PER_ACCOUNT).map(([handle]) => handle));
    const stale = [
      ...Object.keys(record.sessions).filter((handle) => !(handle in fresh.sessions)).map((handle) => SESSION_FIELD + handle),
      ...Object.keys(record.ended).filter((handle) => !kept.has(handle)).map((handle) => ENDED_FIELD + handle),
    ];
    if (stale.length > 0) await (await this.connection()).hDel(key, stale);
  }
}

/** Reads an account's hash; damaged fields are ignored. */
function toRecord(hash: Record<string, string> | null | undefined): AccountRecord {
  const sessions: Record<string, unknown> = {};
  const ended: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(hash ?? {})) {
    if (field.startsWith(SESSION_FIELD)) sessions[field.slice(SESSION_FIELD.length)] = parseJson(value);
    else if (field.startsWith(ENDED_FIELD)) ended[field.slice(ENDED_FIELD.length)] = parseJson(value);
  }
  return asRecord({ sessions, ended });
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
