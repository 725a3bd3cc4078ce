import { SessionTrackerService, type SessionEvent } from 'nestjs-single-session';
import type { RunningApp } from '../support/start-app.js';

/** Collects every event the app's tracker emits from now on. */
export function recordEvents(running: RunningApp): SessionEvent[] {
  const events: SessionEvent[] = [];
  running.app.get(SessionTrackerService).events$.subscribe((event) => events.push(event));
  return events;
}
