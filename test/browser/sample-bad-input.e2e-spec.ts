import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './sample-api-client.js';
import { DEVICES, startSampleSite, type SampleSite } from './sample-site.js';

/** Every route of the sample, as a browser or a script would call it (POSTs without a token). */
const ROUTES: [method: string, path: string][] = [
  ['GET', '/login'],
  ['GET', '/'],
  ['GET', '/sessions'],
  ['GET', '/choose'],
  ['GET', '/api/me'],
  ['GET', '/api/sessions'],
  ['GET', '/api/csrf'],
  ['GET', '/api/session-end'],
  ['GET', '/assets/styles.css'],
  ['GET', '/favicon.ico'],
  ['GET', '/no-such-page'],
  ['POST', '/login'],
  ['POST', '/logout'],
  ['POST', '/sessions/revoke-others'],
  ['POST', '/sessions/abc/revoke'],
  ['POST', '/choose/abc'],
  ['POST', '/api/login'],
  ['POST', '/api/logout'],
  ['POST', '/api/sessions/revoke-others'],
  ['POST', '/api/sessions/abc/revoke'],
  ['POST', '/api/choose/abc'],
];

/**
 * One request with exactly these headers (an array sends the header once per value); status and
 * body. A stream of server-sent events (a signed-in `/api/session-end`) is left after its status.
 */
function rawRequest(url: string, method: string, headers: Record<string, string | string[]>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        req.destroy();
        return resolve({ status: res.statusCode!, body: '' });
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? 'username=alice&password=alice-pw' : undefined);
  });
}

describe('sample app, bad cookies and headers', () => {
  let site: SampleSite;
  let signedIn: string;

  beforeAll(async () => {
    site = await startSampleSite('evict-oldest');
    const bob = new ApiClient(site.url, DEVICES.chromeOnMac);
    expect((await bob.post('/api/login', { username: 'bob', password: 'bob-pw' })).status).toBe(200);
    signedIn = bob.http.cookieHeader();
  });
  afterAll(async () => {
    await site?.close();
  });

  /** Cookie headers a client may send: garbage, bad percent-encoding, oversized, duplicated names, several headers. */
  const cookieCases = (): [string, string | string[]][] => [
    ['garbage session cookie', 'sample.sid=garbage; sample.username=alice'],
    ['forged signed session cookie', 'sample.sid=s%3Aabc.def; sample.username=bob'],
    ['bad percent-encoding in the remembered user', 'sample.username=%E0%A4%A'],
    ['a lone percent sign everywhere', 'sample.sid=%; sample.username=%; other=%'],
    ['no name, no value, no equals sign', ';;=; ; sample.username; =x; sample.sid'],
    ['oversized remembered user', `sample.username=${'a'.repeat(8_000)}`],
    ['oversized session cookie', `sample.sid=${'s%3A'.repeat(2_000)}`],
    ['oversized unrelated cookie', `tracking=${'x'.repeat(12_000)}`],
    ['duplicated remembered user', 'sample.username=alice; sample.username=%E0%A4%A; sample.username=bob'],
    ['valid session, then a garbage duplicate', `${signedIn}; sample.sid=garbage; sample.username=%FF`],
    ['garbage, then the valid session', `sample.sid=garbage; ${signedIn}; sample.username=%FF`],
    ['two Cookie headers', [signedIn, 'sample.sid=garbage; sample.username=%E0%A4%A']],
    ['valid session with bad percent-encoding beside it', `${signedIn}; sample.username=%C3%28`],
  ];

  it('answers every route without a 5xx, whatever the cookies', async () => {
    const failures: string[] = [];
    for (const [name, cookie] of cookieCases()) {
      for (const [method, path] of ROUTES) {
        const { status } = await rawRequest(site.url + path, method, {
          cookie,
          'user-agent': DEVICES.firefoxOnWindows,
          'content-type': 'application/x-www-form-urlencoded',
        });
        if (status >= 500) failures.push(`${method} ${path} with ${name}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('shows the normal sign-in page when the remembered user cannot be read, and pre-fills it when it can', async () => {
    const usernameField = /<input type="text" id="username" name="username" autocomplete="username" value="([^"]*)"/;
    const cases: [string, string][] = [
      ['sample.username=%E0%A4%A', ''],
      [`sample.username=${'a'.repeat(8_000)}`, ''],
      ['sample.username=%E0%A4%A; sample.username=alice', ''],
      ['sample.username=alice; sample.username=%E0%A4%A', 'alice'],
      ['sample.username=alice', 'alice'],
      ['sample.username=%3Cb%3Ealice', '&lt;b&gt;alice'],
    ];
    for (const [cookie, prefilled] of cases) {
      const page = await rawRequest(`${site.url}/login`, 'GET', { cookie });
      expect([cookie.slice(0, 60), page.status, usernameField.exec(page.body)?.[1]]).toEqual([cookie.slice(0, 60), 200, prefilled]);
    }
  });

  it('answers odd headers without a 5xx: oversized or binary-looking user agent, junk CSRF token, header over the size limit', async () => {
    const cases: Record<string, string>[] = [
      { 'user-agent': 'x'.repeat(8_000) },
      { 'user-agent': '\u00ff\u00fe%00%ZZ' },
      { 'x-csrf-token': 'a'.repeat(8_000) },
      { 'x-csrf-token': '' },
      { 'x-forwarded-for': 'not-an-ip, ::ffff:999.1.1.1', 'x-forwarded-proto': 'gopher' },
      { cookie: `big=${'x'.repeat(20_000)}` },
    ];
    const statuses = new Set<number>();
    for (const headers of cases) {
      for (const [method, path] of ROUTES) {
        statuses.add((await rawRequest(site.url + path, method, { ...headers, 'content-type': 'application/x-www-form-urlencoded' })).status);
      }
    }
    expect([...statuses].filter((status) => status >= 500)).toEqual([]);
    expect(statuses).toContain(431);
  });
});
