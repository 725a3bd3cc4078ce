import autocannon, { type Options, type RequestParams, type Result } from 'autocannon';
import { BENCH_PASSWORD } from './app/bench-app-options.js';
import { percentile } from './statistics.js';

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

/** A request autocannon sends again and again, each time as `setupRequest` makes it. */
export type RepeatedRequest = RequestParams & { setupRequest(req: RequestParams): RequestParams };

/** POSTs /login as `username` with the bench password. */
export function postLogin(url: string, username: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/login`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
}

/** Signs `username` in over HTTP and returns the session cookie. */
export async function logIn(url: string, username: string): Promise<string> {
  const response = await postLogin(url, username);
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
  return load(url, seconds, loginRequest(usernames));
}

/** POST /login, each time it is sent signing in the next of `usernames` in turn (cycling). */
export function loginRequest(usernames: string[], headers: Record<string, string> = {}): RepeatedRequest {
  let next = 0;
  return {
    method: 'POST',
    path: '/login',
    headers: { ...headers, 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ username: usernames[next++ % usernames.length], password: BENCH_PASSWORD }) }),
  };
}

/**
 * Sends `request` `amount` times, one at a time on one connection, and returns each latency
 * (ms): the app's service time, with no queueing behind other requests. Throws unless all are 2xx.
 */
export async function timeOneAtATime(url: string, amount: number, request: RepeatedRequest): Promise<number[]> {
  const { result, latencies } = await send(url, { connections: 1, amount }, request);
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || latencies.length !== amount) throw new Error(`${failed} of ${amount} requests to ${request.path} failed`);
  return latencies;
}

async function load(url: string, seconds: number, request: RepeatedRequest): Promise<LoadResult> {
  const { result, latencies } = await send(url, { connections: CONNECTIONS, duration: seconds }, request);
  latencies.sort((a, b) => a - b);
  return {
    rps: result['2xx'] / result.duration,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/** Runs autocannon for a duration or a number of requests; returns its result and the latencies of the 2xx responses (ms). */
async function send(url: string, budget: Pick<Options, 'connections' | 'duration' | 'amount'>, request: RepeatedRequest): Promise<{ result: Result; latencies: number[] }> {
  const latencies: number[] = [];
  const instance = autocannon({ url, ...budget, requests: [request] });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  return { result: await instance, latencies };
}
