import { isNodeRedisClient, type RedisClientLike } from './redis-clients.js';

/** A node-redis client or cluster, as far as its publish/subscribe is used. */
interface NodeRedisPubSub {
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(overrides?: { minimizeConnections: true }): NodeRedisPubSub;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  disconnect(): Promise<unknown>;
}

/** An ioredis client or cluster, as far as its publish/subscribe is used. */
interface IoRedisPubSub {
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): IoRedisPubSub;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  disconnect(): void;
}

/** A channel subscription on a connection of its own. */
export interface ChannelSubscription {
  /** Resolves once messages are being received (after the connection is made, however long that takes). */
  ready: Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Publishes `message` on `channel` through the app's client (on a cluster, Redis forwards it to every node). */
export async function publishTo(client: RedisClientLike, channel: string, message: string): Promise<void> {
  await (client as unknown as NodeRedisPubSub | IoRedisPubSub).publish(channel, message);
}

/**
 * Subscribes to `channel` on a duplicate of the app's client: a subscribed connection serves
 * nothing else, and the app's own client stays as it is. The duplicate reconnects and
 * subscribes again by itself after a lost connection; its errors go to `onError`.
 */
export function subscribeTo(client: RedisClientLike, channel: string, onMessage: (message: string) => void, onError: (error: unknown) => void): ChannelSubscription {
  if (isNodeRedisClient(client)) {
    const redis = client as unknown as NodeRedisPubSub;
    // A cluster's duplicate only needs the node it subscribes on, not a connection to every master.
    const subscriber = redis.duplicate('masters' in redis ? { minimizeConnections: true } : undefined);
    subscriber.on('error', onError);
    const ready = subscriber.connect().then(() => subscriber.subscribe(channel, onMessage));
    const close = async () => {
      try {
        await subscriber.disconnect();
      } catch {
        // Never connected, or closed already: nothing to close.
      }
    };
    return { ready: ready.then(() => undefined), close };
  }
  const subscriber = (client as unknown as IoRedisPubSub).duplicate();
  subscriber.on('error', onError);
  subscriber.on('message', (from, message) => from === channel && onMessage(message));
  const ready = subscriber.subscribe(channel);
  return { ready: ready.then(() => undefined), close: async () => subscriber.disconnect() };
}
