import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './sample-api-client.js';
import { DEVICES, startSampleSite, type SampleSite } from './sample-site.js';

describe('sample app JSON API (/api), beside the pages', () => {
  let evicting: SampleSite;
  let rejecting: SampleSite;
  let choosing: SampleSite;
  beforeAll(async () => {
    [evicting, rejecting, choosing] = await Promise.all([startSampleSite('evict-oldest'), startSampleSite('reject-new'), startSampleSite('choose')]);
  });
  afterAll(async () => {
    await Promise.all([evicting?.close(), rejecting?.close(), choosing?.close()]);
  });

  it('signs in, lists and revokes sessions, and answers an evicted client with the library\'s JSON body', async () => {
    const mac = new ApiClient(evicting.url, DEVICES.chromeOnMac);
    const windows = new ApiClient(evicting.url, DEVICES.firefoxOnWindows);
    expect((await mac.get('/api/me')).status).toBe(401);
    expect((await mac.post('/api/login', { username: 'alice', password: 'nope' })).body.message).toBe('Wrong username or password.');

    const me = await mac.post('/api/login', { username: 'alice', password: 'alice-pw' });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'alice', maxSessions: 1, strategy: 'evict-oldest', session: { device: 'Chrome on macOS', current: true } });

    expect((await windows.post('/api/login', { username: 'alice', password: 'alice-pw' })).status).toBe(200);
    const evicted = await mac.get('/api/me');
    expect(evicted.status).toBe(401);
    expect(evicted.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login', by: { userAgent: DEVICES.firefoxOnWindows } });
    expect((await mac.get('/api/me')).status).toBe(401);

    const bobMac = new ApiClient(evicting.url, DEVICES.chromeOnMac);
    const bobPhone = new ApiClient(evicting.url, DEVICES.safariOnIphone);
    await bobMac.post('/api/login', { username: 'bob', password: 'bob-pw' });
    await bobPhone.post('/api/login', { username: 'bob', password: 'bob-pw' });
    const sessions = (await bobMac.get('/api/sessions')).body;
    expect(sessions.map((session: { device: string; current: boolean }) => [session.device, session.current])).toEqual([
      ['Chrome on macOS', true],
      ['Safari on iPhone', false],
    ]);
    expect((await bobMac.post(`/api/sessions/${sessions[1].handle}/revoke`)).body).toEqual({ revoked: true });
    expect((await bobPhone.get('/api/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'revoked' });
    expect((await bobMac.post('/api/logout')).body).toEqual({ signedOut: true });
    expect((await bobMac.get('/api/me')).status).toBe(401);
  });

  it('refuses every POST without the session\'s CSRF token (403 CSRF_TOKEN_INVALID) and changes nothing', async () => {
    const mac = new ApiClient(evicting.url, DEVICES.chromeOnMac);
    const phone = new ApiClient(evicting.url, DEVICES.safariOnIphone);
    const tokenBeforeLogin = await mac.csrfToken();
    expect(tokenBeforeLogin).toMatch(/^[0-9a-f]{64}$/);
    expect((await mac.post('/api/login', { username: 'bob', password: 'bob-pw' })).status).toBe(200);
    expect((await phone.post('/api/login', { username: 'bob', password: 'bob-pw' })).status).toBe(200);
    const phoneHandle = (await phone.get('/api/me')).body.session.handle;
    const otherSessionsToken = await phone.csrfToken();

    const forged: [string, Record<string, string>][] = [
      ['/api/sessions/revoke-others', {}],
      ['/api/sessions/revoke-others', { 'x-csrf-token': 'guess' }],
      ['/api/sessions/revoke-others', { 'x-csrf-token': tokenBeforeLogin }],
      ['/api/sessions/revoke-others', { 'x-csrf-token': otherSessionsToken }],
      [`/api/sessions/${phoneHandle}/revoke`, {}],
      ['/api/logout', {}],
      ['/api/login', {}],
    ];
    for (const [path, headers] of forged) {
      const refused = await mac.http.post(path, { username: 'alice', password: 'alice-pw' }, headers);
      expect([path, refused.status, refused.body.code]).toEqual([path, 403, 'CSRF_TOKEN_INVALID']);
    }

    expect((await mac.get('/api/me')).body).toMatchObject({ username: 'bob' });
    expect((await phone.get('/api/me')).body).toMatchObject({ username: 'bob' });
    expect((await mac.get('/api/sessions')).body).toHaveLength(2);
    expect((await mac.post('/api/sessions/revoke-others')).body).toEqual({ revoked: 1 });
    expect((await phone.get('/api/me')).status).toBe(401);
  });

  it('refuses a login over the limit with 403 SESSION_LIMIT_REACHED under reject-new', async () => {
    const first = new ApiClient(rejecting.url, DEVICES.chromeOnMac);
    const second = new ApiClient(rejecting.url, DEVICES.firefoxOnWindows);
    expect((await first.post('/api/login', { username: 'alice', password: 'alice-pw' })).status).toBe(200);
    const refused = await second.post('/api/login', { username: 'alice', password: 'alice-pw' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED', maxSessions: 1 });
    expect((await second.get('/api/me')).status).toBe(401);
    expect((await first.get('/api/me')).status).toBe(200);
  });

  it('under choose, answers a login over the limit with 409 SESSION_CHOICE_REQUIRED; POST /api/choose/:handle takes the place, POST /api/logout cancels', async () => {
    const first = new ApiClient(choosing.url, DEVICES.chromeOnMac);
    const second = new ApiClient(choosing.url, DEVICES.firefoxOnWindows);
    const third = new ApiClient(choosing.url, DEVICES.safariOnIphone);
    expect((await first.post('/api/login', { username: 'alice', password: 'alice-pw' })).status).toBe(200);
    const waiting = await second.post('/api/login', { username: 'alice', password: 'alice-pw' });
    expect(waiting.status).toBe(409);
    expect(waiting.body).toMatchObject({ code: 'SESSION_CHOICE_REQUIRED', maxSessions: 1, sessions: [{ userAgent: DEVICES.chromeOnMac }] });
    expect((await second.get('/api/me')).status).toBe(409);

    const chosen = await second.post(`/api/choose/${waiting.body.sessions[0].handle}`);
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ username: 'alice', strategy: 'choose', session: { device: 'Firefox on Windows', current: true } });
    expect((await first.get('/api/me')).body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'replaced' });

    expect((await third.post('/api/login', { username: 'alice', password: 'alice-pw' })).status).toBe(409);
    expect((await third.post('/api/logout')).body).toEqual({ signedOut: true });
    expect((await third.get('/api/me')).status).toBe(401);
    expect((await second.get('/api/me')).status).toBe(200);
  });
});
