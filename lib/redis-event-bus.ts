import { randomUUID } from 'node:crypto';
import { RateLimitedLogger } from './rate-limited-logger.js';
import type { RedisClientLike } from './redis-clients.js';
import { publishTo, subscribeTo, type ChannelSubscription } from './redis-pubsub.js';
import type { SessionEventBus } from './session-event-bus.interface.js';
import type { SessionEvent } from './session-record.interface.js';
import { withinTimeout } from './time-limited-storage.js';

/** Every event type, each named once (the compiler checks that none is missing): a message of another type is no event. */
const EVENT_TYPE_NAMES: Record<SessionEvent['type'], true> = { registered: true, pending: true, evicted: true, rejected: true, revoked: true, 'logged-out': true };
const EVENT_TYPES = new Set<unknown>(Object.keys(EVENT_TYPE_NAMES));

/**
 * The bus of instances that share a Redis store (one server or a cluster; node-redis or
 * ioredis): Redis pub/sub on one channel. Each event is published once, as JSON, through the
 * storage's client — the events of one login (a session registered, the sessions it signed
 * out) in one message, a JSON array; one event alone as an object, as earlier versions sent
 * every event and still read — and each instance subscribes once, on a duplicate of that
 * client, and drops the messages it published itself (it has their events already).
 *
 * Plain `PUBLISH`/`SUBSCRIBE`, not sharded pub/sub: every instance wants every event, so
 * splitting the channel by slot would gain nothing, and a cluster forwards a `PUBLISH` to
 * every node, so the subscription may live on any node and move when that node fails. Events
 * come at the pace of logins and sign-outs, not of requests. Pub/sub delivers at most once:
 * events published while an instance's subscription is reconnecting do not reach it.
 */
export class RedisEventBus implements SessionEventBus {
  readonly instanceId = randomUUID();
  /** How this instance's messages of one event begin, when `instanceId` is the event's first field (as `SessionRegistry` makes them). */
  private readonly ownMessageStart = `{"instanceId":${JSON.stringify(this.instanceId)},`;
  /** How this instance's messages of several events begin. */
  private readonly ownBatchStart = `[${this.ownMessageStart}`;
  private readonly log = new RateLimitedLogger();
  private subscription?: ChannelSubscription;
  private closed = false;

  /**
   * @param connection resolves to the storage's client (connected, or connecting)
   * @param channel the channel of the app's events (`<keyPrefix>:events`)
   * @param timeoutMs longest wait (ms) for a publish before it is logged as failed (`storeTimeout`)
   */
  constructor(
    private readonly connection: () => Promise<RedisClientLike>,
    private readonly channel: string,
    private readonly timeoutMs: number,
  ) {}

  publish(events: readonly SessionEvent[]): void {
    const message = JSON.stringify(events.length === 1 ? events[0] : events);
    withinTimeout(
      this.connection().then((client) => publishTo(client, this.channel, message)),
      this.timeoutMs,
    ).catch((error: unknown) => this.log.error('publish', `Could not tell the other instances about a session event (${String(error)}); their events$ and watchers miss it.`));
  }

  async listen(listener: (event: SessionEvent) => void): Promise<void> {
    const client = await this.connection();
    if (this.closed) return;
    const subscription = subscribeTo(
      client,
      this.channel,
      (message) => this.receive(message, listener),
      (error) => this.log.error('subscriber', `The subscription to the other instances' session events failed (${String(error)}); it reconnects by itself.`),
    );
    this.subscription = subscription;
    await subscription.ready.catch((error: unknown) => {
      if (!this.closed) throw error;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscription?.close();
  }

  private receive(message: string, listener: (event: SessionEvent) => void): void {
    // Redis sends this instance's own events back to it: dropped unread (it has them already).
    if (message.startsWith(this.ownMessageStart) || message.startsWith(this.ownBatchStart)) return;
    const events = parsedEvents(message);
    if (!events) {
      this.log.error('event-message', `Dropped a message on ${this.channel} that is not a session event.`);
      return;
    }
    for (const event of events) {
      if (event.instanceId !== this.instanceId) listener(event);
    }
  }
}

/** The events a message carries (one event, or a non-empty array of them), or `undefined` when it is not such a message. */
function parsedEvents(message: string): SessionEvent[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  const events = Array.isArray(value) ? value : [value];
  return events.length > 0 && events.every(isSessionEvent) ? events : undefined;
}

/** Whether a parsed value is a session event. */
function isSessionEvent(value: Partial<SessionEvent> | null): value is SessionEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    EVENT_TYPES.has(value.type) &&
    [value.userId, value.handle, value.reason, value.instanceId].every((field) => typeof field === 'string') &&
    typeof value.at === 'number' &&
    (value.notice === undefined || (typeof value.notice === 'object' && value.notice !== null))
  );
}
