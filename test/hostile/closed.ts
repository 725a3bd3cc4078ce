import { afterEach } from 'vitest';
import type { RunningApp } from '../support/start-app.js';

/** Apps started by a test, closed after it. */
export function closedAfterEach() {
  const running: RunningApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
  });
  return {
    add(app: RunningApp): RunningApp {
      running.push(app);
      return app;
    },
  };
}
