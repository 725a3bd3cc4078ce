import { describe, expect, it } from 'vitest';
import { SESSION_CHOICE_REQUIRED_MESSAGE, SessionTrackerService } from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { recordEvents } from '../session-app/events.js';
import { sleep } from '../session-app/wait.js';

const CHOICE_TIMEOUT = 1500;
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15';

/** express-session + passport-local over real HTTP, `strategy: 'choose'`, tracker in memory. */
describe("express-session app, strategy 'choose'", () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ strategy: 'choose', choiceTimeout: CHOICE_TIMEOUT })));
  const tracker = () => app().app.get(SessionTrackerService);

  /** A holder on Firefox and a pending login on Safari. */
  async function holderAndPending() {
    const holder = new Browser(app().url, FIREFOX);
    const pending = new Browser(app().url, SAFARI);
    expect((await signIn(holder, 'alice')).status).toBe(200);
    expect((await holder.get('/me')).status).toBe(200);
    const login = await signIn(pending, 'alice');
    return { holder, pending, login, holderHandle: tracker().handleOf(sessionIdOf(holder)) };
  }

  it('answers a login over the limit, and every later request of it, with 409 SESSION_CHOICE_REQUIRED listing the account\'s sessions (no raw ids); exempt routes serve it', async () => {
    const { holder, pending, login, holderHandle } = await holderAndPending();
    expect(login.status).toBe(409);
    expect(login.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'SESSION_CHOICE_REQUIRED',
      message: SESSION_CHOICE_REQUIRED_MESSAGE,
      sessions: [{ handle: holderHandle, loginAt: expect.any(Number), lastSeenAt: expect.any(Number), ip: expect.any(String), userAgent: FIREFOX }],
      choiceExpiresAt: expect.any(Number),
      maxSessions: 1,
    });
    expect(login.body.choiceExpiresAt - Date.now()).toBeGreaterThan(0);
    expect(login.body.choiceExpiresAt - Date.now()).toBeLessThanOrEqual(CHOICE_TIMEOUT);
    expect(login.text).not.toContain(sessionIdOf(holder));

    const again = await pending.get('/me');
    expect(again.status).toBe(409);
    expect(again.body.sessions.map((session: { handle: string }) => session.handle)).toEqual([holderHandle]);
    expect((await pending.get('/multi')).status).toBe(200);
    const { statusCode: _, error: __, code: ___, message: ____, ...choice } = login.body;
    expect((await pending.get('/choice')).body).toEqual({ ...choice, sessions: [expect.objectContaining({ handle: holderHandle })] });
    expect((await holder.get('/choice')).body).toEqual({});
    expect((await holder.get('/me')).status).toBe(200);
    expect((await tracker().list(1)).map((session) => session.handle)).toEqual([holderHandle]);
  });

  it('choose() signs the chosen session out (401, reason replaced, by the new device) and admits the pending one; events tell it all', async () => {
    const events = recordEvents(app());
    const { holder, pending, holderHandle } = await holderAndPending();
    const chosen = await pending.post(`/choice/${holderHandle}`);
    expect(chosen.status).toBe(200);

    expect((await pending.get('/me')).status).toBe(200);
    const told = await holder.get('/me');
    expect(told.status).toBe(401);
    expect(told.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'replaced', by: { userAgent: SAFARI } });
    expect(told.body.message).toMatch(/signed in on another device/);
    expect((await holder.get('/me')).status).toBe(401);
    const pendingHandle = tracker().handleOf(sessionIdOf(pending));
    expect((await tracker().list(1)).map((session) => session.handle)).toEqual([pendingHandle]);
    expect(events.map(({ type, handle, reason }) => [type, handle, reason])).toEqual([
      ['registered', holderHandle, 'login'],
      ['pending', pendingHandle, 'login'],
      ['registered', pendingHandle, 'login'],
      ['evicted', holderHandle, 'replaced'],
    ]);
  });

  it('a pending login that does not choose within choiceTimeout is refused like reject-new (403), and choosing late is refused too', async () => {
    const { holder, pending, holderHandle } = await holderAndPending();
    await sleep(CHOICE_TIMEOUT + 100);
    const late = await pending.get('/me');
    expect(late.status).toBe(403);
    expect(late.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED', reason: 'limit' });
    expect((await holder.get('/me')).status).toBe(200);
    // Its session was signed out in place: the choice route no longer sees a user.
    expect((await pending.post(`/choice/${holderHandle}`)).status).toBe(401);
    expect((await holder.get('/me')).status).toBe(200);
  });

  it('choosing a session that is gone, or no session, answers 409 with the sessions as they are, and signs nobody out', async () => {
    const { holder, pending, holderHandle } = await holderAndPending();
    for (const handle of ['not-a-handle', tracker().handleOf(sessionIdOf(pending))]) {
      const stale = await pending.post(`/choice/${handle}`);
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'SESSION_CHOICE_REQUIRED', sessions: [{ handle: holderHandle }] });
    }
    expect((await holder.get('/me')).status).toBe(200);
    expect((await pending.get('/me')).status).toBe(409);
  });

  it('when the chosen session logs out first, the pending one takes the free place; nobody else is signed out', async () => {
    const { holder, pending, holderHandle } = await holderAndPending();
    expect((await holder.post('/logout')).status).toBe(200);
    expect((await pending.post(`/choice/${holderHandle}`)).status).toBe(200);
    expect((await pending.get('/me')).status).toBe(200);
    const third = new Browser(app().url);
    expect((await signIn(third, 'alice')).status).toBe(409);
    expect((await pending.get('/me')).status).toBe(200);
  });

  it('a pending login whose account frees a place is admitted on its next request, without choosing', async () => {
    const { holder, pending } = await holderAndPending();
    await holder.post('/logout');
    expect((await pending.get('/me')).status).toBe(200);
  });

  it('two pending logins choosing the same session: one takes its place, the other is asked again and can choose the winner', async () => {
    const { holder, pending: first, holderHandle } = await holderAndPending();
    const other = new Browser(app().url);
    expect((await signIn(other, 'alice')).status).toBe(409);
    const [a, b] = await Promise.all([first.post(`/choice/${holderHandle}`), other.post(`/choice/${holderHandle}`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser, lost] = a.status === 200 ? [first, other, b] : [other, first, a];
    expect(lost.body.sessions.map((session: { handle: string }) => session.handle)).toEqual([tracker().handleOf(sessionIdOf(winner))]);
    expect((await holder.get('/me')).status).toBe(401);
    expect((await winner.get('/me')).status).toBe(200);
    expect((await loser.get('/me')).status).toBe(409);
    expect(await tracker().list(1)).toHaveLength(1);
    expect((await loser.post(`/choice/${tracker().handleOf(sessionIdOf(winner))}`)).status).toBe(200);
    expect((await loser.get('/me')).status).toBe(200);
    expect((await winner.get('/me')).status).toBe(401);
  });
});
