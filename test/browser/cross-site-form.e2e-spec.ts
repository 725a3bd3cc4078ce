import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startOtherSite, type OtherSite } from './other-site.js';
import { DEVICES, noticeOf, pathOf, signIn, textOf, useSampleSite } from './sample-site.js';

/**
 * The app and another site on sibling subdomains: one site, two origins. The session cookie
 * (`SameSite=Lax`) goes along with a form the other origin posts, so only the CSRF token stops it.
 */
const APP_HOST = 'app.acme.test';
const OTHER_HOST = 'prizes.acme.test';

describe('sample app in Chromium, a form posted from a sibling subdomain', () => {
  const { device, site } = useSampleSite('evict-oldest', { host: APP_HOST, chromiumArgs: ['--host-resolver-rules=MAP *.acme.test 127.0.0.1'] });
  let other: OtherSite;

  beforeAll(async () => {
    other = await startOtherSite();
  });
  afterAll(async () => {
    await other?.close();
  });

  /** The signed-in browser opens the other site's page and clicks its button; the status of the app's answer. */
  const postFromOtherSite = async (page: Page, path: string, fields: Record<string, string> = {}) => {
    other.showForm(`${site().url}${path}`, fields);
    await page.goto(`http://${OTHER_HOST}:${other.port}/`);
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button').click()]);
    return response?.status();
  };

  it('is refused with 403 without the token, changes nothing, and goes through only with the session\'s own token', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const phone = await device(DEVICES.safariOnIphone);
    await signIn(mac, 'bob');
    await signIn(phone, 'bob');
    await mac.goto('/sessions');
    const phoneHandle = await mac.locator('tbody tr', { hasText: 'Safari on iPhone' }).getAttribute('data-session');
    expect(phoneHandle).toMatch(/\S/);

    const forged: [string, Record<string, string>][] = [
      ['/sessions/revoke-others', {}],
      ['/sessions/revoke-others', { _csrf: 'guess' }],
      [`/sessions/${phoneHandle}/revoke`, {}],
      ['/logout', {}],
      ['/login', { username: 'alice', password: 'alice-pw' }],
    ];
    for (const [path, fields] of forged) {
      expect([path, await postFromOtherSite(mac, path, fields)]).toEqual([path, 403]);
      expect(await textOf(mac)).toContain('Nothing was changed');
    }

    await mac.goto('/sessions');
    expect(pathOf(mac)).toBe('/sessions');
    expect(await textOf(mac)).toContain('bob is signed in on 2 devices');
    await phone.goto('/');
    expect(pathOf(phone)).toBe('/');
    expect(await textOf(phone)).toContain('Welcome back, Bob');

    const token = await mac.locator('input[name=_csrf]').first().inputValue();
    expect(await postFromOtherSite(mac, '/sessions/revoke-others', { _csrf: token })).toBe(200);
    expect(pathOf(mac)).toBe('/sessions');
    expect(await noticeOf(mac)).toBe('Signed out 1 other device.');
    await phone.goto('/');
    expect(pathOf(phone)).toBe('/login');
  });
});
