import { describe, expect, it } from 'vitest';
import { SessionTrackerService, type SingleSessionStrategy } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { LogCapture } from '../support/log-capture.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { recordEvents } from '../session-app/events.js';

/** What each strategy would do to the second login of a one-session account. */
const WOULD: Record<SingleSessionStrategy, { type: string; reason: string; of: 'first' | 'second' }> = {
  'evict-oldest': { type: 'evicted', reason: 'newer-login', of: 'first' },
  'reject-new': { type: 'rejected', reason: 'limit', of: 'second' },
  choose: { type: 'pending', reason: 'login', of: 'second' },
};

/** `dryRun: true` over real HTTP (express-session + passport-local, tracker in memory). */
describe.each(Object.keys(WOULD) as SingleSessionStrategy[])('dryRun under %s', (strategy) => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ strategy, dryRun: true }), { logLevels: ['error', 'warn', 'log'] }));

  it('signs nobody out and refuses nothing, but reports (events marked dryRun) and logs what it would have done', async () => {
    const events = recordEvents(app());
    const logged = LogCapture.current().lines.length;
    const first = new Browser(app().url);
    const second = new Browser(app().url);
    expect((await signIn(first, 'alice')).status).toBe(200);
    expect((await signIn(second, 'alice')).status).toBe(200);
    for (let round = 0; round < 3; round++) {
      expect((await first.get('/me')).status).toBe(200);
      expect((await second.get('/me')).status).toBe(200);
    }
    const tracker = app().app.get(SessionTrackerService);
    const would = WOULD[strategy];
    const concerned = tracker.handleOf(sessionIdOf(would.of === 'first' ? first : second));
    expect(events.filter((event) => event.dryRun)).toEqual([expect.objectContaining({ type: would.type, handle: concerned, reason: would.reason, dryRun: true })]);
    // The registrations are real (the store tracks every session); only decisions are marked.
    expect(events.filter((event) => !event.dryRun).map((event) => event.type)).toEqual(['registered', 'registered']);
    const lines = LogCapture.current().lines.slice(logged).filter((line) => line.message.startsWith('Dry run:'));
    expect(lines).toEqual([expect.objectContaining({ level: 'log', message: expect.stringContaining(concerned) })]);
  });

  it("the tracker's own calls still act: revoke() signs a session out", async () => {
    const first = new Browser(app().url);
    await signIn(first, 'alice');
    const tracker = app().app.get(SessionTrackerService);
    expect(await tracker.revoke(1, tracker.handleOf(sessionIdOf(first)))).toBe(true);
    expect((await first.get('/me')).status).toBe(401);
  });
});
