import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { logIn, postLogin } from '../http-load.js';

/** One eviction timed across instances (ms, from sending the evicting login). */
export interface EvictionTiming {
  /** Until the evicting login's response. */
  login: number;
  /** Until the evicted session's open stream on the other instance got its notice. */
  notice: number;
}

/**
 * Signs `account` in on instance `a`, opens its live sign-out stream there (as a page does),
 * then signs the account in on instance `b`, which evicts the first session; times the login
 * and the arrival of the notice on `a`.
 */
export async function timeEviction(a: string, b: string, account: string): Promise<EvictionTiming> {
  const cookie = await logIn(a, account);
  const { notice: told } = await openSessionEnd(a, cookie);
  const start = performance.now();
  const [login, notice] = await Promise.all([
    postLogin(b, account).then(async (response) => {
      if (response.status !== 200) throw new Error(`the evicting login of ${account} failed: ${response.status}`);
      await response.arrayBuffer();
      return performance.now() - start;
    }),
    told.then(() => performance.now() - start),
  ]);
  return { login, notice };
}

/** Opens `GET /session-end` with the session cookie; resolves once it is open, with a promise of its `session-end` event. */
async function openSessionEnd(url: string, cookie: string): Promise<{ notice: Promise<void> }> {
  const request = get(`${url}/session-end`, { headers: { cookie, accept: 'text/event-stream' } });
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  if (response.statusCode !== 200) throw new Error(`the live sign-out stream answered ${response.statusCode}`);
  const notice = new Promise<void>((resolve, reject) => {
    let received = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      received += chunk;
      if (!received.includes('event: session-end')) return;
      request.destroy();
      resolve();
    });
    response.once('end', () => reject(new Error('the live sign-out stream ended without a notice')));
  });
  return { notice };
}
