import { describe, expect, it } from 'vitest';
import { DEVICES, noticeOf, pathOf, screenshot, signIn, textOf, useSampleSite } from './sample-site.js';

describe('sample app in Chromium, a limit per kind of device (dana: 1 computer + 1 phone)', () => {
  const { device } = useSampleSite('evict-oldest');

  it('keeps dana signed in on a phone and a computer; a second computer signs out the first, not the phone; "Your sessions" shows the kinds', async () => {
    const iphone = await device(DEVICES.safariOnIphone);
    const mac = await device(DEVICES.chromeOnMac);
    await iphone.goto('/login');
    expect(await iphone.locator('table.accounts tr').filter({ hasText: 'dana' }).innerText()).toMatch(/dana \/ dana-pw\s+1 computer \+ 1 phone at a time/);

    await signIn(iphone, 'dana');
    await signIn(mac, 'dana');
    for (const page of [iphone, mac]) {
      await page.goto('/');
      expect(pathOf(page)).toBe('/');
      expect(await textOf(page)).toContain('1 computer + 1 phone at a time');
    }

    const windows = await device(DEVICES.firefoxOnWindows);
    await signIn(windows, 'dana');
    expect(pathOf(windows)).toBe('/');
    await mac.goto('/');
    expect(pathOf(mac)).toBe('/login');
    expect(await noticeOf(mac)).toMatch(/^You were signed out because dana signed in on another device \(Firefox on Windows\) at \d\d:\d\d\.$/);
    await iphone.goto('/');
    expect(pathOf(iphone)).toBe('/');

    await windows.goto('/sessions');
    expect(await textOf(windows)).toContain('dana is signed in on 2 devices; the account may use 1 computer + 1 phone at a time.');
    expect(await windows.locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^Firefox on Windows\s*This device\s*Computer · 127\.0\.0\.1/),
      expect.stringMatching(/^Safari on iPhone\s*Phone · 127\.0\.0\.1/),
    ]);
    await screenshot(windows, 'device-class-sessions');
  });
});
