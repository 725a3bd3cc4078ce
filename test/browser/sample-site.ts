import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { RedisServer } from '../support/redis-server.js';
import type { SingleSessionStrategy } from 'nestjs-single-session';
import { createSampleApp } from '../../sample-app/create-sample-app.js';
import type { SampleAppOptions } from '../../sample-app/sample-options.js';
import { DEMO_ACCOUNTS } from '../../sample-app/users.js';

/** User agents of the devices the tests pretend to be; the pages name them ("Firefox on Windows"). */
export const DEVICES = {
  chromeOnMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  firefoxOnWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
  safariOnIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  edgeOnWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0',
} as const;

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** The sample app listening on a free loopback port. */
export interface SampleSite {
  url: string;
  close(): Promise<void>;
}

/** Starts the sample app in this process, in the given mode, with its sessions in memory or in the Redis at `redisUrl`, with more `options`. */
export async function startSampleSite(strategy: SingleSessionStrategy, redisUrl?: string, options: SampleAppOptions = {}): Promise<SampleSite> {
  const app = await createSampleApp({ ...options, strategy, redisUrl });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

const cspReports: string[] = [];

/** Console messages and page errors about the Content Security Policy, of every tab `openDevice` opened, since the last call. */
export function takeCspReports(): string[] {
  return cspReports.splice(0);
}

/** Keeps what a tab reports about the Content Security Policy ("Refused to load … because it violates …"). */
function watchForCspReports(page: Page): void {
  const keep = (text: string) => {
    if (/Content Security Policy/i.test(text)) cspReports.push(`${page.url()}: ${text}`);
  };
  page.on('console', (message) => keep(message.text()));
  page.on('pageerror', (error) => keep(error.message));
}

/** A new device: its own browser context (cookie jar) with that device's user agent, and one tab; its tabs' CSP reports are kept. */
export async function openDevice(browser: Browser, site: SampleSite, userAgent: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: site.url, userAgent, viewport: { width: 1100, height: 760 }, ...options });
  context.on('page', watchForCspReports);
  return context.newPage();
}

/** What `useSampleSite` gives a test file. */
export interface SampleSiteInBrowser {
  /** Opens a device (see `openDevice`) on the first instance, or on the one `options.baseURL` names; it is closed after the test. */
  device(userAgent: string, options?: BrowserContextOptions): Promise<Page>;
  /** The running site, or its `index`-th instance (set once `beforeAll` has run). */
  site(index?: number): SampleSite;
}

/** How `useSampleSite` runs the app. */
export interface SampleSiteOptions {
  /** Reach the app at this host instead of 127.0.0.1 (with `chromiumArgs` mapping it). */
  host?: string;
  /** More Chromium flags. */
  chromiumArgs?: string[];
  /** Run this many instances sharing a redis-server started for the file (`REDIS_URL`), instead of one in memory. */
  instancesOnRedis?: number;
  /** More options of the app (`choiceTimeout`). */
  app?: SampleAppOptions;
}

/**
 * Registers the hooks of a Chromium test file (or describe block) of the sample app: Chromium and
 * the app started once for it (see `SampleSiteOptions`), every device closed after each test, and no
 * Content Security Policy report allowed from any of them.
 */
export function useSampleSite(strategy: SingleSessionStrategy, { host, chromiumArgs = [], instancesOnRedis, app }: SampleSiteOptions = {}): SampleSiteInBrowser {
  let browser: Browser;
  let redis: RedisServer | undefined;
  let sites: SampleSite[] = [];
  let pages: Page[] = [];
  beforeAll(async () => {
    browser = await launchChromium(chromiumArgs);
    if (instancesOnRedis) redis = await RedisServer.start();
    for (let i = 0; i < (instancesOnRedis ?? 1); i++) {
      const local = await startSampleSite(strategy, redis?.url, app);
      sites.push(host ? { ...local, url: local.url.replace('127.0.0.1', host) } : local);
    }
  });
  afterEach(async () => {
    await Promise.all(pages.map((page) => page.context().close()));
    pages = [];
    expect(takeCspReports()).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(sites.map((site) => site.close()));
    sites = [];
    await redis?.stop();
  });
  return {
    device: async (userAgent, options) => {
      const page = await openDevice(browser, sites[0]!, userAgent, options);
      pages.push(page);
      return page;
    },
    site: (index = 0) => sites[index]!,
  };
}

/** Fills and submits the login form with a demo account, as a person would; resolves once the next page has loaded. */
export async function signIn(page: Page, username: string): Promise<void> {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === username);
  if (!account) throw new Error(`${username} is not a demo account`);
  await page.goto('/login');
  await page.fill('#username', username);
  await page.fill('#password', account.password);
  await submit(page, page.getByRole('button', { name: 'Sign in' }));
}

/** Clicks a form's button and waits for the page the form leads to (after its redirect) to load. */
export async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

/** The path the tab shows (after redirects). */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** The one-time notice at the top of the page, or `null`. */
export async function noticeOf(page: Page): Promise<string | null> {
  const notice = page.locator('[role=status]');
  return (await notice.count()) > 0 ? (await notice.innerText()).trim() : null;
}

/** How long (ms) an open page may take to show that its session ended. */
const TOLD_WITHIN = 2000;

/**
 * Runs `act` (something done on another device), then waits for `page` — left open, never
 * clicked or reloaded — to show the notice by itself within `TOLD_WITHIN` (live sign-out);
 * returns the notice.
 */
export async function changesByItself(page: Page, act: () => Promise<void>): Promise<string | null> {
  await page.evaluate(() => Object.assign(globalThis, { untouched: true }));
  await page.locator('html[data-live-sign-out=listening]').waitFor({ state: 'attached' });
  await act();
  await page.getByRole('status').waitFor({ timeout: TOLD_WITHIN });
  expect(await page.evaluate(() => (globalThis as { untouched?: boolean }).untouched)).toBe(true);
  return noticeOf(page);
}

/** The main content's visible text. */
export async function textOf(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

/** Saves a full-page screenshot to test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}
