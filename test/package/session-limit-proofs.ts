import { expect } from 'vitest';
import { Browser } from '../support/browser.js';

/** The consumer app's one account, limited to one session. */
const ALICE = { username: 'alice', password: 'secret' };
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) Version/18.5 Mobile Safari/604.1';

/** Under `'evict-oldest'`: alice's second login (a phone) signs the first (a laptop) out, which is told why. */
export async function expectEviction(url: string): Promise<void> {
  const laptop = new Browser(url);
  const phone = new Browser(url, PHONE);
  expect((await laptop.post('/login', ALICE)).status).toBe(200);
  expect((await laptop.get('/me')).body).toEqual({ username: 'alice', sessions: 1 });
  expect((await phone.post('/login', ALICE)).status).toBe(200);

  const evicted = await laptop.get('/me');
  expect(evicted.status).toBe(401);
  expect(evicted.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
  expect((await phone.get('/me')).body).toEqual({ username: 'alice', sessions: 1 });
}

/** Under `'reject-new'`: alice's second login is refused and the first session keeps the account. */
export async function expectRefusal(url: string): Promise<void> {
  const laptop = new Browser(url);
  const phone = new Browser(url, PHONE);
  expect((await laptop.post('/login', ALICE)).status).toBe(200);

  const refused = await phone.post('/login', ALICE);
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ code: 'SESSION_LIMIT_REACHED' });
  expect((await laptop.get('/me')).body).toEqual({ username: 'alice', sessions: 1 });
}
