import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { DEVICES, signIn, useSampleSite } from './sample-site.js';

/** "19:32": the clock time of an ISO moment in a time zone. */
function clockIn(timeZone: string, iso: string | null): string {
  return new Date(iso ?? NaN).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
}

/** The `<time>`'s text, after checking that its `datetime` is a moment of the last minute. */
async function shownTime(time: Locator): Promise<{ iso: string | null; text: string }> {
  const iso = await time.getAttribute('datetime');
  expect(Math.abs(Date.parse(iso ?? '') - Date.now())).toBeLessThan(60_000);
  return { iso, text: await time.innerText() };
}

describe('sample app in Chromium, times in the viewer\'s time zone', () => {
  const site = useSampleSite('evict-oldest');
  const device = (userAgent: string, timezoneId: string, javaScriptEnabled = true) => site.device(userAgent, { timezoneId, javaScriptEnabled });

  it('shows sign-in times and the signed-out notice in each browser\'s own time zone', async () => {
    const kolkata = await device(DEVICES.chromeOnMac, 'Asia/Kolkata');
    const newYork = await device(DEVICES.firefoxOnWindows, 'America/New_York');
    await signIn(kolkata, 'alice');
    const since = await shownTime(kolkata.locator('main .lead time'));
    expect(since.text).toBe(clockIn('Asia/Kolkata', since.iso));
    expect(since.text).not.toBe(clockIn('America/New_York', since.iso));
    await kolkata.goto('/sessions');
    expect(await kolkata.locator('tbody time').innerText()).toBe(since.text);

    await signIn(newYork, 'alice');
    const newYorkSince = await shownTime(newYork.locator('main .lead time'));
    expect(newYorkSince.text).toBe(clockIn('America/New_York', newYorkSince.iso));

    await kolkata.goto('/');
    const noticeTime = await shownTime(kolkata.locator('[role=status] time'));
    expect(noticeTime.iso).toBe(newYorkSince.iso);
    expect(noticeTime.text).toBe(clockIn('Asia/Kolkata', newYorkSince.iso));
  });

  it('shows them in UTC, saying so, in a browser without JavaScript', async () => {
    const noScript = await device(DEVICES.safariOnIphone, 'Asia/Kolkata', false);
    await signIn(noScript, 'bob');
    const since = await shownTime(noScript.locator('main .lead time'));
    expect(since.text).toMatch(/^\d{1,2} [A-Z][a-z]{2}, \d\d:\d\d UTC$/);
    expect(since.text).toContain(`, ${clockIn('UTC', since.iso)} UTC`);
  });
});
