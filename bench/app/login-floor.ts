import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { TRACKER_CLIENT_NAME } from './bench-app-options.js';

/** The session store of the request (express-session's `req.sessionStore`), as far as the floor uses it. */
interface SessionStore {
  set(sid: string, session: Record<string, unknown>, callback: (error?: unknown) => void): void;
}

/** The request of a login, after passport has signed the account in. */
export interface SignedInRequest {
  user: { id: string };
  sessionID: string;
  session: Record<string, any>;
  sessionStore: SessionStore;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The script of the Redis floor: the account's one session becomes this one; the one it replaces
 * is returned, and its end notice kept in the account's hash of ended sessions.
 */
const SWAP_SESSION = "local previous = redis.call('SET', KEYS[1], ARGV[1], 'GET'); if previous then redis.call('HSET', KEYS[2], previous, ARGV[2]) end; return previous";

/** The field express-session keeps the module's stamp in (`SESSION_STAMP_FIELD`), so the saved session has the module's size. */
const STAMP_FIELD = 'singleSession';

/**
 * The least work an evicting login needs from any single-session module, done by hand in an
 * app without the module, so that the bench can show the floor of the module's cost per login:
 * find the account's previous session and keep its end notice (in memory: a map lookup and one
 * entry of a map of ended sessions; on Redis: one `EVALSHA` of a two-command script, the smallest
 * atomic check, the notice in a hash of the account), write it signed out in the session store
 * (one `set`, as the module does: the cookie and an end notice), stamp the new session, and on
 * Redis tell the other instances (one `PUBLISH` of both events, received back on a subscribed
 * connection of its own and dropped unread, as the module's bus does). The notice is kept because
 * "ended means ended" (issue 8) needs it of any module: it is what refuses the ended session when
 * its signed-out record in the session store is lost or overwritten by a request of it that was
 * in flight, and a token has no such record at all. No hashing, no ranking, no verdict cache, no
 * idle or expiry bookkeeping (the notices are never dropped): every figure above it is the module's own.
 */
export class LoginFloor {
  private readonly previous = new Map<string, string>();
  /** In memory: the end notices of the sessions the floor ended, by session id. */
  private readonly ended = new Map<string, object>();
  private readonly instanceId = randomUUID();

  private constructor(private readonly redis?: { client: ReturnType<typeof createClient>; subscriber: ReturnType<typeof createClient>; sha: string }) {}

  /** The floor of the in-memory module, or, with a Redis URL, of the module on Redis. */
  static async create(redisUrl?: string): Promise<LoginFloor> {
    if (!redisUrl) return new LoginFloor();
    const client = createClient({ url: redisUrl, name: TRACKER_CLIENT_NAME });
    await client.connect();
    const subscriber = client.duplicate();
    await subscriber.connect();
    await subscriber.subscribe(EVENTS_CHANNEL, () => undefined);
    return new LoginFloor({ client, subscriber, sha: String(await client.scriptLoad(SWAP_SESSION)) });
  }

  /** The floor's work on a login that passport has just signed in. */
  async afterLogin(req: SignedInRequest): Promise<void> {
    const userId = req.user.id;
    const now = Date.now();
    const notice = { reason: 'newer-login', endedAt: now, by: { loginAt: now, userAgent: req.headers['user-agent'] } };
    const evicted = await this.swapSession(userId, req.sessionID, notice);
    if (evicted) {
      const signedOut = { cookie: req.session.cookie.toJSON(), [STAMP_FIELD]: { ended: { ...notice, reported: false } } };
      await new Promise<void>((resolve, reject) => req.sessionStore.set(evicted, signedOut, (error) => (error ? reject(error) : resolve())));
      this.publish([
        { type: 'registered', userId, reason: 'login', at: now },
        { type: 'evicted', userId, reason: notice.reason, at: now, notice },
      ]);
    }
    // As the module stamps a signed-in session: its short form, `<login time, base 36>:<account id>`.
    req.session[STAMP_FIELD] = `${now.toString(36)}:${userId}`;
  }

  /** Closes the Redis connections, if any (Nest calls it when the app closes). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.redis?.subscriber.close(), this.redis?.client.close()]);
  }

  /** Makes `sid` the account's session; returns the one it replaces, whose end notice it keeps. */
  private async swapSession(userId: string, sid: string, notice: object): Promise<string | undefined> {
    if (!this.redis) {
      const evicted = this.previous.get(userId);
      this.previous.set(userId, sid);
      if (evicted) this.ended.set(evicted, notice);
      return evicted;
    }
    const keys = [`bench-floor:{${userId}}`, `bench-floor:{${userId}}:ended`];
    const evicted = await this.redis.client.evalSha(this.redis.sha, { keys, arguments: [sid, JSON.stringify(notice)] });
    return typeof evicted === 'string' ? evicted : undefined;
  }

  /** One message for the login's events, as the module sends them. */
  private publish(events: Array<Record<string, unknown>>): void {
    if (!this.redis) return;
    void this.redis.client.publish(EVENTS_CHANNEL, JSON.stringify(events.map((event) => ({ instanceId: this.instanceId, ...event, handle: HANDLE_SIZED }))));
  }
}

/** The channel of the floor's events. */
const EVENTS_CHANNEL = 'bench-floor:events';
/** A stand-in of the module's session handle (24 characters), so that events have the module's size. */
const HANDLE_SIZED = 'x'.repeat(24);
