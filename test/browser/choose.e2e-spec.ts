import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changesByItself, DEVICES, noticeOf, pathOf, screenshot, signIn, submit, textOf, useSampleSite } from './sample-site.js';

const CLOCK = '\\d\\d:\\d\\d';

/** The chooser's button that signs out the device called `device`. */
function signOutButton(page: Page, device: string) {
  return page.getByRole('button', { name: `Sign out ${device}` });
}

describe('sample app in Chromium, choose (a new sign-in asks which device to sign out)', () => {
  const { device } = useSampleSite('choose');

  it('sends the second browser to the chooser; signing out the first there continues here, and the first page says why by itself', async () => {
    const windows = await device(DEVICES.firefoxOnWindows);
    const mac = await device(DEVICES.chromeOnMac);
    await signIn(windows, 'alice');
    expect(pathOf(windows)).toBe('/');

    await signIn(mac, 'alice');
    expect(pathOf(mac)).toBe('/choose');
    expect(await mac.locator('main .lead').innerText()).toBe(
      'This account is already signed in on 1 device. Sign out Firefox on Windows (last seen just now) to continue here.',
    );
    expect(await mac.locator('.choices li').allInnerTexts()).toEqual([
      expect.stringMatching(new RegExp(`^Firefox on Windows\\s+Signed in ${CLOCK} · last seen just now · 127\\.0\\.0\\.1\\s+Sign out Firefox on Windows$`)),
    ]);
    expect(await textOf(mac)).toMatch(new RegExp(`This sign-in waits for your choice until ${CLOCK}; then it is cancelled\\.`));
    await screenshot(mac, 'choose-chooser');

    await mac.goto('/sessions');
    expect(pathOf(mac)).toBe('/choose');
    await windows.goto('/');

    const notice = await changesByItself(windows, () => submit(mac, signOutButton(mac, 'Firefox on Windows')));
    const replaced = new RegExp(
      `^You were signed out because alice signed in on another device \\(Chrome on macOS\\) at ${CLOCK} and chose to sign out this device to continue there\\.$`,
    );
    expect(notice).toMatch(replaced);
    await screenshot(windows, 'choose-replaced');
    expect(pathOf(mac)).toBe('/');
    expect(await textOf(mac)).toContain('You are signed in on Chrome on macOS');

    await windows.reload();
    expect(pathOf(windows)).toBe('/login');
    expect(await noticeOf(windows)).toMatch(replaced);
    await windows.goto('/');
    expect(pathOf(windows)).toBe('/login');
    await mac.goto('/sessions');
    expect(await mac.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Chrome on macOS\s*This device/)]);
  });

  it('shows the chooser again, with a note, when the device was taken by another waiting sign-in; "Cancel and sign out" leaves the others as they are', async () => {
    const [windows, mac, iphone, edge] = [
      await device(DEVICES.firefoxOnWindows),
      await device(DEVICES.chromeOnMac),
      await device(DEVICES.safariOnIphone),
      await device(DEVICES.edgeOnWindows),
    ];
    for (const page of [windows, mac, iphone, edge]) await signIn(page, 'bob');
    expect([windows, mac, iphone, edge].map(pathOf)).toEqual(['/', '/', '/choose', '/choose']);
    expect(await edge.locator('main .lead').innerText()).toBe(
      'This account is already signed in on 2 devices, the most it may use at once. Sign out one of them to continue here.',
    );

    await submit(iphone, signOutButton(iphone, 'Firefox on Windows'));
    expect(pathOf(iphone)).toBe('/');
    await submit(edge, signOutButton(edge, 'Firefox on Windows'));
    expect(pathOf(edge)).toBe('/choose');
    expect(await noticeOf(edge)).toBe('That device was no longer signed in, or another sign-in chose it first. Choose again.');
    expect(await edge.locator('.choices .device').allInnerTexts()).toEqual(['Safari on iPhone', 'Chrome on macOS']);

    await submit(edge, edge.getByRole('button', { name: 'Cancel and sign out' }));
    expect(pathOf(edge)).toBe('/login');
    expect(await noticeOf(edge)).toBe('You signed out.');
    for (const page of [mac, iphone]) {
      await page.goto('/');
      expect(pathOf(page)).toBe('/');
    }
    await windows.goto('/');
    expect(pathOf(windows)).toBe('/login');
  });
});

describe('sample app in Chromium, choose with a 3-second choiceTimeout', () => {
  const CHOICE_TIMEOUT = 3000;
  const { device } = useSampleSite('choose', { app: { choiceTimeout: CHOICE_TIMEOUT } });

  it('offers only the devices of the same kind, and cancels a sign-in whose choice came too late, saying so on the sign-in page', async () => {
    const [iphone, windows, mac, edge] = [
      await device(DEVICES.safariOnIphone),
      await device(DEVICES.firefoxOnWindows),
      await device(DEVICES.chromeOnMac),
      await device(DEVICES.edgeOnWindows),
    ];
    for (const page of [iphone, windows, mac, edge]) await signIn(page, 'dana');
    expect([iphone, windows, mac, edge].map(pathOf)).toEqual(['/', '/', '/choose', '/choose']);
    expect(await mac.locator('main .lead').innerText()).toMatch(
      /^This account is already signed in on 1 computer\. Sign out Firefox on Windows \(last seen just now\) to continue here\.$/,
    );
    expect(await mac.locator('.choices .device').allInnerTexts()).toEqual(['Firefox on Windows']);

    await mac.waitForTimeout(CHOICE_TIMEOUT + 500);
    const timedOut = 'No device was chosen to sign out in time, so this sign-in was cancelled and dana stays signed in on the other devices. Sign in again to choose.';
    await submit(mac, signOutButton(mac, 'Firefox on Windows'));
    expect(pathOf(mac)).toBe('/login');
    expect(await noticeOf(mac)).toBe(timedOut);
    await screenshot(mac, 'choose-timed-out');
    await edge.reload();
    expect(pathOf(edge)).toBe('/login');
    expect(await noticeOf(edge)).toBe(timedOut);
    for (const page of [iphone, windows]) {
      await page.goto('/');
      expect(pathOf(page)).toBe('/');
    }
  });
});
