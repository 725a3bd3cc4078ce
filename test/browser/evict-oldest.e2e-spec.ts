import { describe, expect, it } from 'vitest';
import { DEVICES, noticeOf, pathOf, screenshot, signIn, submit, textOf, useSampleSite } from './sample-site.js';

const CLOCK = '\\d\\d:\\d\\d';

describe('sample app in Chromium, evict-oldest (the newest sign-in wins)', () => {
  const { device } = useSampleSite('evict-oldest');

  it('signs the first browser out when alice signs in on a second one, and tells it why', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const windows = await device(DEVICES.firefoxOnWindows);

    await mac.goto('/');
    expect(pathOf(mac)).toBe('/login');
    expect(await noticeOf(mac)).toBeNull();
    expect(await textOf(mac)).toContain('alice / alice-pw');
    await screenshot(mac, '01-login');

    await signIn(mac, 'alice');
    expect(pathOf(mac)).toBe('/');
    expect(await textOf(mac)).toMatch(new RegExp(`Welcome back, Alice\\s+You are signed in on Chrome on macOS since ${CLOCK} \\(just now\\)`));
    await screenshot(mac, '02-home');

    await signIn(windows, 'alice');
    expect(pathOf(windows)).toBe('/');
    expect(await textOf(windows)).toContain('You are signed in on Firefox on Windows');

    await mac.goto('/sessions');
    expect(pathOf(mac)).toBe('/login');
    expect(await noticeOf(mac)).toMatch(
      new RegExp(`^You were signed out because alice signed in on another device \\(Firefox on Windows\\) at ${CLOCK}\\.$`),
    );
    expect(await mac.inputValue('#username')).toBe('alice');
    await screenshot(mac, '03-evicted-notice');

    await mac.reload();
    expect(pathOf(mac)).toBe('/login');
    expect(await noticeOf(mac)).toBeNull();

    await windows.goto('/sessions');
    expect(pathOf(windows)).toBe('/sessions');
    expect(await windows.locator('tbody tr').count()).toBe(1);
    expect(await windows.locator('tbody tr').innerText()).toMatch(/Firefox on Windows\s*This device/);
  });

  it('keeps two tabs of one browser signed in: they share one session', async () => {
    const first = await device(DEVICES.chromeOnMac);
    const second = await first.context().newPage();

    await signIn(first, 'alice');
    await second.goto('/');
    expect(pathOf(second)).toBe('/');
    expect(await textOf(second)).toContain('Welcome back, Alice');

    for (const tab of [first, second, first, second]) {
      await tab.goto('/sessions');
      expect(pathOf(tab)).toBe('/sessions');
      expect(await noticeOf(tab)).toBeNull();
      expect(await tab.locator('tbody tr').count()).toBe(1);
    }
    await second.goto('/');
    expect(await textOf(second)).toContain('You are signed in on Chrome on macOS');
  });

  it('"Sign out" on the sessions page signs the other browser out, and that browser is told so', async () => {
    const mac = await device(DEVICES.chromeOnMac);
    const iphone = await device(DEVICES.safariOnIphone);
    await signIn(mac, 'bob');
    await signIn(iphone, 'bob');

    await mac.goto('/sessions');
    const rows = mac.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/Chrome on macOS\s*This device/);
    expect(await rows.nth(1).innerText()).toContain('Safari on iPhone');
    expect(await textOf(mac)).toContain('bob is signed in on 2 devices; the account may use 2 devices at a time.');
    await screenshot(mac, '04-sessions-bob');

    await submit(mac, rows.filter({ hasText: 'Safari on iPhone' }).getByRole('button', { name: 'Sign out' }));
    expect(await noticeOf(mac)).toBe('Signed out Safari on iPhone.');
    expect(await mac.locator('tbody tr').count()).toBe(1);
    await screenshot(mac, '05-sessions-after-sign-out');

    await iphone.goto('/');
    expect(pathOf(iphone)).toBe('/login');
    expect(await noticeOf(iphone)).toMatch(new RegExp(`^You were signed out at ${CLOCK} from another device signed in as bob\\.$`));
    await screenshot(iphone, '06-revoked-notice');

    await mac.goto('/');
    expect(pathOf(mac)).toBe('/');
  });

  it('keeps family signed in on three browsers; a fourth signs out the oldest, "Sign out everywhere else" the rest', async () => {
    const [mac, windows, iphone] = [
      await device(DEVICES.chromeOnMac),
      await device(DEVICES.firefoxOnWindows),
      await device(DEVICES.safariOnIphone),
    ];
    for (const page of [mac, windows, iphone]) await signIn(page, 'family');
    for (const page of [mac, windows, iphone]) {
      await page.goto('/');
      expect(pathOf(page)).toBe('/');
      expect(await textOf(page)).toContain('Welcome back, The Families');
    }
    await iphone.goto('/sessions');
    expect(await iphone.locator('tbody tr').count()).toBe(3);
    await screenshot(iphone, '07-sessions-family');

    const edge = await device(DEVICES.edgeOnWindows);
    await signIn(edge, 'family');
    expect(pathOf(edge)).toBe('/');

    await mac.goto('/');
    expect(pathOf(mac)).toBe('/login');
    expect(await noticeOf(mac)).toMatch(
      new RegExp(`^You were signed out because family signed in on another device \\(Edge on Windows\\) at ${CLOCK}\\.$`),
    );
    for (const page of [windows, iphone]) {
      await page.goto('/');
      expect(pathOf(page)).toBe('/');
    }

    await edge.goto('/sessions');
    expect(await edge.locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^Edge on Windows\s*This device/),
      expect.stringMatching(/^Safari on iPhone/),
      expect.stringMatching(/^Firefox on Windows/),
    ]);
    await submit(edge, edge.getByRole('button', { name: 'Sign out everywhere else' }));
    expect(await noticeOf(edge)).toBe('Signed out 2 other devices.');
    expect(await edge.locator('tbody tr').count()).toBe(1);
    for (const page of [windows, iphone]) {
      await page.goto('/');
      expect(pathOf(page)).toBe('/login');
      expect(await noticeOf(page)).toMatch(/from another device signed in as family\.$/);
    }
  });
});
