import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { startApp, type RunningApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';

describe('smoke', () => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(SessionAppModule.with());
  });
  afterAll(() => server.close());

  it('evicts the older browser', async () => {
    const a = new Browser(server.url);
    const b = new Browser(server.url, 'Chrome on Windows');
    expect((await a.post('/login', { username: 'alice', password: 'alice-pw' })).status).toBe(200);
    expect((await a.get('/me')).status).toBe(200);
    expect((await b.post('/login', { username: 'alice', password: 'alice-pw' })).status).toBe(200);
    const evicted = await a.get('/me');
    console.log(evicted.body);
    expect(evicted.status).toBe(401);
    expect(evicted.body.code).toBe('SESSION_EVICTED');
    expect((await b.get('/me')).status).toBe(200);
    expect((await a.get('/me')).status).toBe(401);
  });
});
