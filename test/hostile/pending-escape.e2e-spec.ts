import { describe, expect, it } from 'vitest';
import { MemoryStore } from 'express-session';
import { SessionTrackerService } from 'nestjs-single-session';
import { Browser, type Reply } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { sessionIdOf, signIn } from '../session-app/session-client.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { graphqlApp } from '../transports/graphql/graphql-app.module.js';

/** GUARDS: a pending session (strategy 'choose', default recheckInterval) trying to get past its 409. */
describe("a pending session trying to escape its 409 (express-session, tracker in memory, default recheckInterval)", () => {
  const app = freshAppPerTest(() => startApp(SessionAppModule.with({ strategy: 'choose' })));
  const tracker = () => app().app.get(SessionTrackerService);

  async function scene() {
    const holder = new Browser(app().url, 'holder');
    expect((await signIn(holder, 'alice')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await holder.get('/me')).status).toBe(200); // its verdict is cached
    const pending = new Browser(app().url, 'pending');
    expect((await signIn(pending, 'alice')).status).toBe(409);
    return { holder, pending };
  }

  async function stillPending(pending: Browser, holder: Browser) {
    expect((await pending.get('/me')).status).toBe(409);
    expect((await holder.get('/me')).status).toBe(200);
    expect((await tracker().list(1)).map((info) => info.handle)).toEqual([tracker().handleOf(sessionIdOf(holder))]);
  }

  it('guard: 10 tabs at once, and 30 requests in a row within recheckInterval: every one 409', async () => {
    const { holder, pending } = await scene();
    const tabs = await Promise.all(Array.from({ length: 10 }, () => pending.get('/me')));
    expect(tabs.map((reply) => reply.status)).toEqual(Array(10).fill(409));
    for (let i = 0; i < 30; i++) expect((await pending.get('/me')).status).toBe(409);
    await stillPending(pending, holder);
  });

  it('guard: signing in again from the pending browser (the login route, the guarded login route) is 409 again', async () => {
    const { holder, pending } = await scene();
    expect((await signIn(pending, 'alice')).status).toBe(409);
    expect((await signIn(pending, 'alice', '/guarded/login')).status).toBe(409);
    await stillPending(pending, holder);
  });

  it('guard: a login through an exempt (@AllowMultiSession) login route is 200, but its next guarded request is 409', async () => {
    const { holder } = await scene();
    const other = new Browser(app().url, 'other');
    expect((await signIn(other, 'alice', '/exempt/login')).status).toBe(200);
    expect((await other.get('/me')).status).toBe(409);
    expect((await other.get('/exempt/checked')).status).toBe(409);
    await stillPending(other, holder);
  });

  it('guard: revoke-others / revoke-all / revoke of the holder from the pending session are refused 409 and change nothing', async () => {
    const { holder, pending } = await scene();
    expect((await pending.post('/sessions/revoke-others')).status).toBe(409);
    expect((await pending.post('/sessions/revoke-all')).status).toBe(409);
    expect((await pending.post(`/sessions/${tracker().handleOf(sessionIdOf(holder))}/revoke`)).status).toBe(409);
    await stillPending(pending, holder);
  });

  it('guard: logout then login again from the pending browser: still 409', async () => {
    const { holder, pending } = await scene();
    await pending.post('/session/destroy');
    expect((await signIn(pending, 'alice')).status).toBe(409);
    await stillPending(pending, holder);
  });

  it('guard: the holder logging out and in again is asked to choose too (the pending login did not take its place meanwhile)', async () => {
    const { holder, pending } = await scene();
    expect((await holder.post('/logout')).status).toBe(200);
    // The free place goes to the pending login on its next request.
    expect((await pending.get('/me')).status).toBe(200);
    expect((await signIn(holder, 'alice')).status).toBe(409);
  });
});

describe("a pending session over GraphQL (Apollo, strategy 'choose')", () => {
  const app = freshAppPerTest(() => startApp(graphqlApp({ strategy: 'choose' }), { store: new MemoryStore() }));
  const graphql = (browser: Browser, query: string): Promise<Reply> => browser.post('/graphql', { query });
  const codes = (reply: Reply): unknown[] => (reply.body.errors ?? []).map((error: any) => error.extensions?.code);

  it('guard: queries and mutations of a pending browser get SESSION_CHOICE_REQUIRED, with the sessions', async () => {
    const holder = new Browser(app().url, 'holder');
    await signIn(holder, 'alice');
    const pending = new Browser(app().url, 'pending');
    await signIn(pending, 'alice');
    const query = await graphql(pending, '{ me { username } }');
    expect(codes(query)).toEqual(['SESSION_CHOICE_REQUIRED']);
    expect(query.body.errors[0].extensions.sessions).toHaveLength(1);
    expect(codes(await graphql(pending, 'mutation { touch }'))).toEqual(['SESSION_CHOICE_REQUIRED']);
    expect((await graphql(holder, '{ me { username } }')).body.data).toEqual({ me: { username: 'alice' } });
  });
});
