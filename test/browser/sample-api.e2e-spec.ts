import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';
import { DEVICES, startSampleSite, type SampleSite } from './sample-site.js';

describe('sample app JSON API (/api), beside the pages', () => {
  let evicting: SampleSite;
  let rejecting: SampleSite;
  beforeAll(async () => {
    [evicting, rejecting] = await Promise.all([startSampleSite('evict-oldest'), startSampleSite('reject-new')]);
  });
  afterAll(async () => {
    await Promise.all([evicting?.close(), rejecting?.close()]);
  });

  it('signs in, lists and revokes sessions, and answers an evicted client with the library\'s JSON body', async () => {
    const mac = new Browser(evicting.url, DEVICES.chromeOnMac);
    const windows = new Browser(evicting.url, DEVICES.firefoxOnWindows);
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

    const bobMac = new Browser(evicting.url, DEVICES.chromeOnMac);
    const bobPhone = new Browser(evicting.url, DEVICES.safariOnIphone);
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

  it('refuses a login over the limit with 403 SESSION_LIMIT_REACHED under reject-new', async () => {
    const first = new Browser(rejecting.url, DEVICES.chromeOnMac);
    const second = new Browser(rejecting.url, DEVICES.firefoxOnWindows);
    expect((await first.post('/api/login', { username: 'alice', password: 'alice-pw' })).status).toBe(200);
    const refused = await second.post('/api/login', { username: 'alice', password: 'alice-pw' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED', maxSessions: 1 });
    expect((await second.get('/api/me')).status).toBe(401);
    expect((await first.get('/api/me')).status).toBe(200);
  });
});
