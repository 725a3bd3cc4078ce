import type { SessionEvent } from './session-record.interface.js';

/**
 * Internal: carries the session events of one instance to every other instance sharing its
 * store, and theirs to it. Each instance has one bus, with one subscription whatever the number
 * of listeners; its own events reach its `events$` without the bus.
 */
export interface SessionEventBus {
  /** This instance's id, carried by every event it publishes. */
  readonly instanceId: string;

  /** Sends events of this instance (one or more, in order: one message) to every other instance, not back to this one; a failure is logged. */
  publish(events: readonly SessionEvent[]): void;

  /**
   * Starts receiving the events the other instances publish, each once, in `listener`.
   * Resolves once they are being received.
   */
  listen(listener: (event: SessionEvent) => void): Promise<void>;

  /** Stops receiving and closes what `listen` opened. */
  close(): Promise<void>;
}
