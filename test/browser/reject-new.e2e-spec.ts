import { describe, expect, it } from 'vitest';
import { DEVICES, noticeOf, pathOf, screenshot, signIn, submit, textOf, useSampleSite } from './sample-site.js';

describe('sample app in Chromium, reject-new (the signed-in browsers keep the account)', () => {
  const { device } = useSampleSite('reject-new');

  it('refuses the second browser with a clear message; the first keeps working, and signing it out frees the place', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const windows = await device(DEVICES.firefoxOnWindows);
    await signIn(mac, 'alice');
    expect(pathOf(mac)).toBe('/');

    await signIn(windows, 'alice');
    expect(pathOf(windows)).toBe('/login');
    expect(await noticeOf(windows)).toBe(
      'alice is already signed in on another device, and this account may be used on only 1 device at a time. ' +
        'Sign out there first (or wait until it has been inactive for 30 minutes), then try again.',
    );
    expect(await windows.inputValue('#username')).toBe('alice');
    await screenshot(windows, '08-refused-login');
    await windows.goto('/');
    expect(pathOf(windows)).toBe('/login');

    await mac.goto('/sessions');
    expect(pathOf(mac)).toBe('/sessions');
    expect(await mac.locator('tbody tr').count()).toBe(1);
    expect(await textOf(mac)).toContain('Chrome on macOS');

    await submit(mac, mac.locator('tbody').getByRole('button', { name: 'Sign out' }));
    expect(pathOf(mac)).toBe('/login');
    expect(await noticeOf(mac)).toBe('You signed out.');
    await screenshot(mac, '09-signed-out');

    await signIn(windows, 'alice');
    expect(pathOf(windows)).toBe('/');
    expect(await textOf(windows)).toContain('You are signed in on Firefox on Windows');
  });
});
