import { describe, expect, it } from 'vitest';
import { SessionTrackerService } from 'nestjs-single-session';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { sleep } from '../session-app/wait.js';

const CHOICE_TIMEOUT = 1000;

/**
 * README, "Let the person choose", table of `choose()` outcomes: "the pending session was
 * signed out meanwhile (revokeAll(), a logout) → SessionEvictedException: 401" and "more than
 * choiceTimeout passed → 403". Regressions of a defect: with tokens (whose requests still
 * authenticate after the tracker ended them), choose() for a pending session that had ended
 * resolved as if the choice was made.
 */
describe("JWT app, 'choose': choose() for a pending token that has ended", () => {
  const app = freshAppPerTest(() => startApp(JwtAppModule.with({ strategy: 'choose', choiceTimeout: CHOICE_TIMEOUT, recheckInterval: 0 }), { sessions: false }));

  async function holderAndPending() {
    const holder = new TokenClient(app().url, 'Firefox on Windows');
    const pending = new TokenClient(app().url, 'Safari on iPhone');
    expect((await holder.login('alice')).status).toBe(200);
    expect((await pending.login('alice')).body.choice).toBeDefined();
    expect((await pending.get('/me')).status).toBe(409);
    return { holder, pending };
  }

  it('regression, was broken: after revokeAll(), choose() from the revoked pending token answers 200 (expected 401 SESSION_EVICTED, reason revoked)', async () => {
    const { holder, pending } = await holderAndPending();
    expect((await holder.post('/sessions/revoke-all')).status).toBe(200);
    const chosen = await pending.post(`/choice/${holder.session!.handle}`);
    expect(chosen.status).toBe(401);
    expect(chosen.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'revoked' });
  });

  it('regression, was broken: after logout() of the pending token, choose() answers 200 (expected 401 SESSION_EVICTED, reason logout)', async () => {
    const { holder, pending } = await holderAndPending();
    const tracker = app().app.get(SessionTrackerService);
    const jti = JSON.parse(Buffer.from(pending.token!.split('.')[1]!, 'base64url').toString()).jti;
    await tracker.logout(1, jti);
    const chosen = await pending.post(`/choice/${holder.session!.handle}`);
    expect(chosen.status).toBe(401);
    expect((await holder.get('/me')).status).toBe(200);
  });

  it("regression, was broken: a pending token refused for its timeout by another request's ranking: choose() then answers 200 (expected 403 SESSION_LIMIT_REACHED)", async () => {
    const { holder, pending } = await holderAndPending();
    const other = new TokenClient(app().url, 'Chrome on Android');
    expect((await other.login('alice')).body.choice).toBeDefined();
    await sleep(CHOICE_TIMEOUT + 100);
    // The other pending token's request ranks the account: both pending tokens are past their time and end ('limit').
    expect((await other.get('/me')).status).toBe(403);
    const late = await pending.post(`/choice/${holder.session!.handle}`);
    expect(late.status).toBe(403);
    expect(late.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
  });

  it('guard: a late choice of a pending token still stored as pending is refused 403; the holder stays', async () => {
    const { holder, pending } = await holderAndPending();
    await sleep(CHOICE_TIMEOUT + 100);
    const late = await pending.post(`/choice/${holder.session!.handle}`);
    expect(late.status).toBe(403);
    expect((await holder.get('/me')).status).toBe(200);
    expect((await pending.get('/me')).status).toBe(403);
  });
});
