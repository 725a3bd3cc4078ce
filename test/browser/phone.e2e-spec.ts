import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVICES, noticeOf, pathOf, screenshot, signIn, submit, useSampleSite } from './sample-site.js';

/** An iPhone-sized screen, 390 CSS pixels wide, honouring the pages' `<meta name="viewport">`. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * Screenshots of a phone's pages (test-artifacts/screenshots/phone-<name>.png); `overflowing`
 * lists the pages that did not fit the width of its screen.
 */
function screensOf(phone: Page): { shoot: (name: string) => Promise<void>; overflowing: string[] } {
  const overflowing: string[] = [];
  const shoot = async (name: string) => {
    await screenshot(phone, `phone-${name}`);
    // A page wider than the screen makes a phone zoom out: then `innerWidth` grows past the screen's 390 px too.
    const width = await phone.evaluate<{ page: number; window: number }>(
      '({ page: document.documentElement.scrollWidth, window: window.innerWidth })',
    );
    if (width.page > width.window || width.window !== PHONE.viewport.width) {
      overflowing.push(`${name}: ${width.page} px wide, window ${width.window} px, on a ${PHONE.viewport.width} px screen`);
    }
  };
  return { shoot, overflowing };
}

describe('sample app in Chromium on a 390 px phone', () => {
  const { device } = useSampleSite('evict-oldest');

  it('fits every page in the width of the screen (screenshots in test-artifacts/screenshots/phone-*.png)', async () => {
    const phone = await device(DEVICES.safariOnIphone, PHONE);
    const failedLoads: string[] = [];
    phone.on('response', (response) => {
      if (response.status() >= 400) failedLoads.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    const { shoot, overflowing } = screensOf(phone);

    await phone.goto('/login');
    await shoot('login');
    await phone.fill('#username', 'family');
    await phone.fill('#password', 'wrong');
    await submit(phone, phone.getByRole('button', { name: 'Sign in' }));
    expect(await noticeOf(phone)).toBe('Wrong username or password.');
    await shoot('login-wrong-password');

    await signIn(phone, 'family');
    await signIn(await device(DEVICES.chromeOnMac), 'family');
    await signIn(await device(DEVICES.edgeOnWindows), 'family');
    await phone.goto('/');
    expect(pathOf(phone)).toBe('/');
    await shoot('home');
    await phone.goto('/sessions');
    expect(await phone.locator('tbody tr').count()).toBe(3);
    await shoot('sessions');

    await phone.locator('input[name=_csrf]').evaluateAll((inputs) => inputs.forEach((input) => input.setAttribute('value', 'stale')));
    await submit(phone, phone.getByRole('button', { name: 'Sign out everywhere else' }));
    expect(await phone.locator('h1').innerText()).toBe('Nothing was changed');
    await shoot('form-refused');

    await signIn(await device(DEVICES.firefoxOnWindows), 'family');
    await phone.goto('/');
    expect(pathOf(phone)).toBe('/login');
    expect(await noticeOf(phone)).toMatch(/^You were signed out because family signed in on another device \(Firefox on Windows\) at \d\d:\d\d\.$/);
    await shoot('signed-out-notice');

    expect(overflowing).toEqual([]);
    expect(failedLoads).toEqual(['403 /sessions/revoke-others']);
  });

  it('has a favicon: the SVG every page links, also at /favicon.ico', async () => {
    const phone = await device(DEVICES.safariOnIphone, PHONE);
    await phone.goto('/login');
    const linked = await phone.locator('link[rel=icon]').getAttribute('href');
    for (const path of [linked ?? 'no icon linked', '/favicon.ico']) {
      const response = await phone.request.get(path);
      expect([path, response.status(), response.headers()['content-type']]).toEqual([path, 200, 'image/svg+xml']);
      expect(await response.text()).toMatch(/^<svg /);
    }
  });
});

describe('sample app in Chromium on a 390 px phone, choose', () => {
  const { device } = useSampleSite('choose');

  it('fits the chooser in the width of the screen (test-artifacts/screenshots/phone-choose.png)', async () => {
    const phone = await device(DEVICES.safariOnIphone, PHONE);
    const { shoot, overflowing } = screensOf(phone);
    await signIn(await device(DEVICES.firefoxOnWindows), 'bob');
    await signIn(await device(DEVICES.edgeOnWindows), 'bob');
    await signIn(phone, 'bob');
    expect(pathOf(phone)).toBe('/choose');
    expect(await phone.locator('.choices li').count()).toBe(2);
    await shoot('choose');
    expect(overflowing).toEqual([]);
  });
});
