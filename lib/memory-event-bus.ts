import { randomUUID } from 'node:crypto';
import type { SessionEventBus } from './session-event-bus.interface.js';

/**
 * The bus of an instance whose store no other instance shares (the in-memory store, a cache
 * of its own, a storage of the app's): there is nobody to tell and nothing to hear.
 */
export class MemoryEventBus implements SessionEventBus {
  readonly instanceId = randomUUID();

  publish(): void {}

  async listen(): Promise<void> {}

  async close(): Promise<void> {}
}
