import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changesByItself, DEVICES, noticeOf, pathOf, screenshot, signIn, submit, useSampleSite, type SampleSiteOptions } from './sample-site.js';

const CLOCK = '\\d\\d:\\d\\d';

/** Checks that the page's header and content no longer offer what needs a session, and that "Sign in again" works. */
async function offersSignInAgain(page: Page, notice: RegExp): Promise<void> {
  expect(await page.getByRole('link', { name: 'Your sessions' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Sign in again' }).click()]);
  expect(pathOf(page)).toBe('/login');
  expect(await noticeOf(page)).toMatch(notice);
}

describe.each([
  ['one instance, sessions in memory', {}],
  ['two instances sharing Redis, the open page on the first, the other device on the second', { instancesOnRedis: 2 }],
])('sample app in Chromium: live sign-out, %s', (_name, options: SampleSiteOptions) => {
  const { device, site } = useSampleSite('evict-oldest', options);
  /** The other device, on the last instance. */
  const otherDevice = (userAgent: string) => device(userAgent, { baseURL: site((options.instancesOnRedis ?? 1) - 1).url });

  it('the open page of the first device says it was signed out, by itself, when alice signs in on a second', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const iphone = await otherDevice(DEVICES.safariOnIphone);
    await signIn(mac, 'alice');
    expect(pathOf(mac)).toBe('/');

    const notice = await changesByItself(mac, () => signIn(iphone, 'alice'));
    const evicted = new RegExp(`^You were signed out because alice signed in on another device \\(Safari on iPhone\\) at ${CLOCK}\\.$`);
    expect(notice).toMatch(evicted);
    expect(mac.url()).toBe(`${site(0).url}/`);
    await screenshot(mac, `08-live-sign-out-${options.instancesOnRedis ? 'redis' : 'memory'}`);
    await offersSignInAgain(mac, evicted);
  });

  it('"Sign out" on "Your sessions" of the other device changes the open page of the first', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const iphone = await otherDevice(DEVICES.safariOnIphone);
    await signIn(mac, 'bob');
    await signIn(iphone, 'bob');
    await iphone.goto('/sessions');

    const notice = await changesByItself(mac, () =>
      submit(iphone, iphone.locator('tbody tr').filter({ hasText: 'Chrome on macOS' }).getByRole('button', { name: 'Sign out' })),
    );
    expect(notice).toMatch(new RegExp(`^You were signed out at ${CLOCK} from another device signed in as bob\\.$`));
    expect(await noticeOf(iphone)).toBe('Signed out Chrome on macOS.');
  });
});
