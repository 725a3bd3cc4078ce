import { describe, expect, it } from 'vitest';
import { MemoryStore } from 'express-session';
import { Browser, type Reply } from '../../support/browser.js';
import { onlyExpectedLogs } from '../../support/quiet-logs.js';
import { startApp } from '../../support/start-app.js';
import { freshAppPerTest } from '../../session-app/fresh-app.js';
import { signIn } from '../../session-app/session-client.js';
import { TokenClient } from '../../jwt-app/token-client.js';
import { graphqlApp } from './graphql-app.module.js';

/** Sends a GraphQL operation over HTTP as `browser` (with its cookie), with more `headers` if given. */
const graphql = (browser: Browser, query: string, headers: Record<string, string> = {}): Promise<Reply> => browser.post('/graphql', { query }, headers);

/** The `extensions.code` of each error of a GraphQL answer. */
const codes = (reply: Reply): unknown[] => (reply.body.errors ?? []).map((error: any) => error.extensions?.code);

onlyExpectedLogs();

describe('GraphQL (Apollo on Express): the notice reaches the client as a GraphQL error', () => {
  const store = new MemoryStore();
  const app = freshAppPerTest(() => startApp(graphqlApp(), { store }));

  it('answers an evicted browser\'s next query with extensions.code SESSION_EVICTED, once', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    expect((await graphql(laptop, '{ me { username } }')).body).toEqual({ data: { me: { username: 'alice' } } });
    const phone = new Browser(app().url, 'Safari on iPhone');
    const newer = await signIn(phone, 'alice');

    const evicted = await graphql(laptop, '{ me { username } }');
    expect(evicted.status).toBe(200);
    expect(evicted.body.data).toBeNull();
    expect(evicted.body.errors[0].extensions).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', status: 401, by: { loginAt: newer.body.loginAt, userAgent: 'Safari on iPhone' } });
    const after = await graphql(laptop, '{ me { username } }');
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
    expect((await graphql(phone, '{ me { username } }')).body.data).toEqual({ me: { username: 'alice' } });
  });

  it('lets an evicted browser\'s mutation through (it may be a sign-in), and tells it on its next query', async () => {
    const laptop = new Browser(app().url);
    await signIn(laptop, 'alice');
    await signIn(new Browser(app().url), 'alice');
    expect((await graphql(laptop, 'mutation { touch }')).body).toEqual({ data: { touch: true } });
    expect(codes(await graphql(laptop, '{ me { username } }'))).toEqual(['SESSION_EVICTED']);
  });

  it('refuses an evicted bearer token in a resolver behind its passport-jwt guard, with the same code', async () => {
    const older = new TokenClient(app().url);
    await older.login('alice', '/api/login');
    const query = (client: TokenClient) => graphql(new Browser(app().url), '{ token { handle } }', { authorization: `Bearer ${client.token}` });
    expect((await query(older)).body.data).toEqual({ token: { handle: older.session!.handle } });
    const newer = new TokenClient(app().url);
    await newer.login('alice', '/api/login');

    for (let time = 0; time < 2; time++) {
      const refused = await query(older);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', status: 401 });
    }
    expect((await query(newer)).body.data).toEqual({ token: { handle: newer.session!.handle } });
  });
});
