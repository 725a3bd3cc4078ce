import { describe, expect, it } from 'vitest';
import { SessionTrackerService, type SingleSessionStrategy } from 'nestjs-single-session';
import { startApp } from '../support/start-app.js';
import { JwtAppModule } from '../jwt-app/jwt-app.module.js';
import { TokenClient } from '../jwt-app/token-client.js';
import type { LoginTimeClaim } from '../jwt-app/token-claims.js';
import { freshAppPerTest } from '../session-app/fresh-app.js';
import { rankingErrors } from '../session-app/login-order.js';

const CLIENTS = 20;

describe.each([
  { maxSessions: 1, strategy: 'evict-oldest', loginTime: 'auth_time' },
  { maxSessions: 3, strategy: 'evict-oldest', loginTime: 'auth_time' },
  { maxSessions: 3, strategy: 'evict-oldest', loginTime: 'iat' },
  { maxSessions: 1, strategy: 'reject-new', loginTime: 'auth_time' },
  { maxSessions: 3, strategy: 'reject-new', loginTime: 'iat' },
] as { maxSessions: number; strategy: SingleSessionStrategy; loginTime: LoginTimeClaim }[])(
  `JWT app: ${CLIENTS} simultaneous logins of one account, maxSessions $maxSessions, $strategy, login time in $loginTime`,
  ({ maxSessions, strategy, loginTime }) => {
    const app = freshAppPerTest(() => startApp(JwtAppModule.with({ maxSessions, strategy }, { loginTime }), { sessions: false }));

    it(`ends, after two more requests per client, with exactly ${maxSessions} working tokens, none ranked after one left out`, async () => {
      const clients = Array.from({ length: CLIENTS }, (_, index) => new TokenClient(app().url, `device ${index}`));
      const logins = await Promise.all(clients.map((client) => client.login('alice')));
      for (const login of logins) expect([200, 401, 403]).toContain(login.status);
      const admitted = clients.flatMap((client) => (client.session ? [client.session] : []));
      expect(admitted.length).toBeGreaterThanOrEqual(maxSessions);

      await Promise.all(clients.map((client) => client.get('/me')));
      const last = await Promise.all(clients.map((client) => client.get('/me')));

      const working = last.filter((reply) => reply.status === 200).map((reply) => reply.body.handle).sort();
      expect(rankingErrors(working, admitted, maxSessions, strategy)).toEqual([]);
      for (const reply of last) expect([200, 401, 403]).toContain(reply.status);
      const listed = await app().app.get(SessionTrackerService).list(1);
      expect(listed.map((session) => session.handle).sort()).toEqual(working);
    });
  },
);
