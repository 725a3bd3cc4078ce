import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES, noticeOf, pathOf, screenshot, signIn, submit, useSampleSite } from './sample-site.js';

const CLOCK = '\\d\\d:\\d\\d';
/** How long (ms) an open page may take to show that its session ended. */
const TOLD_WITHIN = 2000;

/**
 * Runs `act` (something done on another device), then waits for `page` — left open, never
 * clicked or reloaded — to show the notice by itself within `TOLD_WITHIN`; returns the notice.
 */
async function changesByItself(page: Page, act: () => Promise<void>): Promise<string | null> {
  await page.evaluate(() => Object.assign(globalThis, { untouched: true }));
  await page.locator('html[data-live-sign-out=listening]').waitFor({ state: 'attached' });
  await act();
  await page.getByRole('status').waitFor({ timeout: TOLD_WITHIN });
  expect(await page.evaluate(() => (globalThis as { untouched?: boolean }).untouched)).toBe(true);
  return noticeOf(page);
}

/** Checks that the page's header and content no longer offer what needs a session, and that "Sign in again" works. */
async function offersSignInAgain(page: Page, notice: RegExp): Promise<void> {
  expect(await page.getByRole('link', { name: 'Your sessions' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Sign in again' }).click()]);
  expect(pathOf(page)).toBe('/login');
  expect(await noticeOf(page)).toMatch(notice);
}

describe('sample app in Chromium: live sign-out, one instance', () => {
  const { device } = useSampleSite('evict-oldest');

  it('the open page of the first device says it was signed out, by itself, when alice signs in on a second', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const iphone = await device(DEVICES.safariOnIphone);
    await signIn(mac, 'alice');
    expect(pathOf(mac)).toBe('/');

    const notice = await changesByItself(mac, () => signIn(iphone, 'alice'));
    const evicted = new RegExp(`^You were signed out because alice signed in on another device \\(Safari on iPhone\\) at ${CLOCK}\\.$`);
    expect(notice).toMatch(evicted);
    expect(pathOf(mac)).toBe('/');
    await screenshot(mac, '08-live-sign-out');
    await offersSignInAgain(mac, evicted);
  });

  it('"Sign out" on "Your sessions" of one device changes the open page of the other', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const iphone = await device(DEVICES.safariOnIphone);
    await signIn(mac, 'bob');
    await signIn(iphone, 'bob');
    await mac.goto('/sessions');

    const notice = await changesByItself(iphone, () =>
      submit(mac, mac.locator('tbody tr').filter({ hasText: 'Safari on iPhone' }).getByRole('button', { name: 'Sign out' })),
    );
    expect(notice).toMatch(new RegExp(`^You were signed out at ${CLOCK} from another device signed in as bob\\.$`));
    expect(await noticeOf(mac)).toBe('Signed out Safari on iPhone.');
  });
});

describe('sample app in Chromium: live sign-out, two instances sharing Redis', () => {
  const { device, site } = useSampleSite('evict-oldest', { instancesOnRedis: 2 });

  it('the page open on instance A says it was signed out, by itself, when alice signs in through instance B', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const iphone = await device(DEVICES.safariOnIphone, { baseURL: site(1).url });
    await signIn(mac, 'alice');

    const notice = await changesByItself(mac, () => signIn(iphone, 'alice'));
    expect(notice).toMatch(new RegExp(`^You were signed out because alice signed in on another device \\(Safari on iPhone\\) at ${CLOCK}\\.$`));
    expect(new URL(mac.url()).origin).toBe(site(0).url);
  });

  it('"Sign out" on "Your sessions" through instance B changes the page open on instance A', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const iphone = await device(DEVICES.safariOnIphone, { baseURL: site(1).url });
    await signIn(mac, 'bob');
    await signIn(iphone, 'bob');
    await iphone.goto('/sessions');

    const notice = await changesByItself(mac, () =>
      submit(iphone, iphone.locator('tbody tr').filter({ hasText: 'Chrome on macOS' }).getByRole('button', { name: 'Sign out' })),
    );
    expect(notice).toMatch(new RegExp(`^You were signed out at ${CLOCK} from another device signed in as bob\\.$`));
  });
});
