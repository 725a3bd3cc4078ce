import { type RedisClientLike, scriptRunner, type ScriptRunner } from './redis-clients.js';
import { SCRIPTS } from './redis-scripts.js';
import {
  FUTURE_LOGIN_TOLERANCE,
  type Admission,
  type AdmissionResult,
  type AdmissionRule,
  type EndedSession,
  type EndRequest,
  type SessionStorage,
} from './session-storage.interface.js';
import type { StoredSession } from './session-record.interface.js';

/**
 * `SessionStorage` on Redis — a single server, Redis Cluster, node-redis or ioredis. Each
 * account is three keys with one hash tag (one cluster slot): its sessions, its end notices
 * (with the order counter and the end mark) and a sorted set of expiry times. Every call is
 * one Lua script, so one round trip, atomic, on the clock of the node that holds the account.
 * A request and a login read and write only the presented session and the account's counters;
 * the whole account is read only when it holds more sessions than its limit (at most the limit
 * plus the sessions racing in or pending) or the presented session is pending, so the cost
 * does not grow with the account.
 */
export class RedisSessionStorage implements SessionStorage {
  /** Resolves to the client the storage runs on; the instances' events travel over it too. */
  readonly connection: () => Promise<RedisClientLike>;
  private readonly run: ScriptRunner;

  /** @param client a connected client, or a function that resolves to one (see `redisStorage`). */
  constructor(client: RedisClientLike | (() => Promise<RedisClientLike>)) {
    this.connection = typeof client === 'function' ? client : () => Promise.resolve(client);
    this.run = scriptRunner(this.connection);
  }

  async admit(key: string, admission: Admission, rule: AdmissionRule): Promise<AdmissionResult> {
    const args = [
      admission.handle,
      admission.login ? '1' : '0',
      admission.loginAt === undefined ? '' : String(Math.round(admission.loginAt)),
      String(Math.round(admission.expiresAt)),
      optionalArgument(admission.sid),
      optionalArgument(admission.ip),
      optionalArgument(admission.userAgent),
      limitArgument(rule.limit),
      rule.strategy,
      String(rule.idleTimeout),
      String(rule.ttl),
      String(rule.touchInterval),
      String(FUTURE_LOGIN_TOLERANCE),
      optionalArgument(admission.deviceClass),
      optionalArgument(admission.replace),
      String(rule.choiceTimeout),
      admission.register === false ? '0' : '1',
    ];
    const result = JSON.parse(String(await this.run(SCRIPTS.admit, accountKeys(key), args))) as AdmissionResult;
    result.ended = asArray(result.ended);
    return result;
  }

  async end(key: string, request: EndRequest): Promise<EndedSession[]> {
    const { select } = request;
    const mode = 'all' in select ? 'all' : select.onlyLive ? 'live' : 'handles';
    const args = [mode, request.reason, String(request.unknownLifetime), String(request.ttl), 'all' in select ? (select.except ?? '') : '', ...('handles' in select ? select.handles : [])];
    return asArray(JSON.parse(String(await this.run(SCRIPTS.end, accountKeys(key), args))));
  }

  async list(key: string, ttl: number): Promise<Record<string, StoredSession>> {
    const flat = (await this.run(SCRIPTS.list, accountKeys(key), [String(ttl)])) as string[];
    const sessions: Record<string, StoredSession> = {};
    for (let i = 0; i < flat.length; i += 2) sessions[flat[i]] = JSON.parse(flat[i + 1]) as StoredSession;
    return sessions;
  }
}

/** A limit as the admit script reads it: a number (`0` for none), or limits per class as JSON (`0` for none). */
function limitArgument(limit: AdmissionRule['limit']): string {
  if (typeof limit === 'number') return limit === Infinity ? '0' : String(limit);
  return JSON.stringify(Object.fromEntries(Object.entries(limit).map(([deviceClass, places]) => [deviceClass, places === Infinity ? 0 : places])));
}

/** The three keys of an account, with one hash tag so that a cluster keeps them on one node. */
export function accountKeys(key: string): string[] {
  const tagged = `{${key}}`;
  return [`${tagged}:s`, `${tagged}:e`, `${tagged}:t`];
}

/** An optional string as a script argument: `''` when absent, else `'='` and the value (so that an empty string is a value). */
function optionalArgument(value: string | undefined): string {
  return value === undefined ? '' : `=${value}`;
}

/** cjson encodes an empty array as `{}`. */
function asArray<T>(value: T[] | Record<string, never>): T[] {
  return Array.isArray(value) ? value : [];
}
