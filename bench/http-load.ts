import autocannon, { type RequestParams } from 'autocannon';
import { BENCH_PASSWORD } from './app/bench-app-options.js';

/** Connections the load generator keeps open, the same for every configuration. */
export const CONNECTIONS = 10;

/** What one timed run measured. */
export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  /** Median and 99th percentile latency of the successful responses, ms. */
  p50: number;
  p99: number;
  /** Successful responses. */
  ok: number;
  /** Responses that were not 2xx, plus errors and timeouts: must be 0. */
  failed: number;
}

/** Signs `username` in over HTTP and returns the session cookie. */
export async function logIn(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie) throw new Error(`login of ${username} failed: ${response.status}`);
  return cookie;
}

/** GET /me for `seconds`, each request with the next of `cookies` in turn (many sessions, one route). */
export function loadProtected(url: string, cookies: string[], seconds: number): Promise<LoadResult> {
  let next = 0;
  return load(url, seconds, {
    method: 'GET',
    path: '/me',
    setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length]! } }),
  });
}

/** POST /login for `seconds`, each request signing in the next of `usernames` in turn. */
export function loadLogin(url: string, usernames: string[], seconds: number): Promise<LoadResult> {
  let next = 0;
  return load(url, seconds, {
    method: 'POST',
    path: '/login',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ username: usernames[next++ % usernames.length], password: BENCH_PASSWORD }) }),
  });
}

async function load(url: string, seconds: number, request: RequestParams & { setupRequest(req: RequestParams): RequestParams }): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: [request] });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: result['2xx'] / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
