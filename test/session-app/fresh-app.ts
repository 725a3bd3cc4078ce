import { afterEach, beforeEach } from 'vitest';
import type { RunningApp } from '../support/start-app.js';

/** Starts a new app before each test of the suite and closes it after; returns its accessor. */
export function freshAppPerTest(start: () => Promise<RunningApp>): () => RunningApp {
  let running: RunningApp | undefined;
  beforeEach(async () => {
    running = await start();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  return () => {
    if (!running) throw new Error('the app is not running');
    return running;
  };
}
