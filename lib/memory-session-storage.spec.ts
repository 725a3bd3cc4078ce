import { describe, expect, it } from 'vitest';
import { MemorySessionStorage } from './memory-session-storage.js';
import type { AdmissionRule } from './session-storage.interface.js';

const TTL = 1000;
const rule: AdmissionRule = { limit: 1, strategy: 'evict-oldest', idleTimeout: TTL, ttl: TTL, touchInterval: 0, choiceTimeout: 500 };

/** A store on a clock the test moves, and a login/request of one session on it. */
function storeAt(start = 0) {
  const clock = { now: start };
  const storage = new MemorySessionStorage(100, TTL, () => clock.now);
  const present = (account: string, handle: string, login = true) =>
    storage.admit(account, { handle, login, expiresAt: clock.now + 10 * TTL }, rule);
  return { clock, storage, present };
}

describe('MemorySessionStorage: forgetting unseen accounts', () => {
  it('drops each account once its sessions go unseen for ttl, least recently used first, however the accounts moved round', async () => {
    const { clock, storage, present } = storeAt();
    for (const account of ['a', 'b', 'c']) await present(account, `${account}1`);
    // The accounts move round: c, then a, are seen again later.
    clock.now = 100;
    await present('c', 'c1', false);
    clock.now = 200;
    await present('a', 'a1', false);
    expect(storage.size).toBe(3);

    clock.now = TTL + 50; // b (last seen at 0) is forgettable; c (100) and a (200) are not.
    await present('d', 'd1');
    expect(await storage.list('b', TTL)).toEqual({});
    expect(storage.size).toBe(3);

    clock.now = TTL + 150; // c (100) now too; a (200) not yet.
    await present('d', 'd1', false);
    expect(storage.size).toBe(2);
    expect(Object.keys(await storage.list('a', TTL))).toEqual(['a1']);

    clock.now = TTL + 250;
    await present('d', 'd1', false);
    expect(storage.size).toBe(1);
  });

  it('reads the oldest account again when it is seen before it could be forgotten, and drops it only once it is unseen for ttl', async () => {
    const { clock, storage, present } = storeAt();
    await present('a', 'a1');
    await present('b', 'b1');
    clock.now = TTL - 10;
    await present('b', 'b1', false); // the sweep finds a (seen at 0) live: forgettable at TTL.
    await present('a', 'a1', false); // a is seen again: b is the oldest now.
    clock.now = TTL + 10;
    await present('c', 'c1');
    expect(storage.size).toBe(3);
    clock.now = 2 * TTL;
    await present('c', 'c1', false);
    expect(storage.size).toBe(1);
  });

  it('reads the least recently used account at most once per hundredth of ttl: a forgettable account goes at the first call after that', async () => {
    const { clock, storage, present } = storeAt();
    await present('a', 'a1');
    clock.now = TTL - 1;
    await present('b', 'b1'); // the sweep reads a (live) and waits TTL / 100 = 10 ms before reading again
    clock.now = TTL + 1; // a is forgettable from TTL on
    await present('b', 'b1', false);
    expect(storage.size).toBe(2);
    clock.now = TTL + 9;
    await present('b', 'b1', false);
    expect(storage.size).toBe(1);
    expect(await storage.list('a', TTL)).toEqual({});
  });

  it('keeps an account whose sessions were all forgotten while its end notices last', async () => {
    const { clock, storage, present } = storeAt();
    await present('a', 'a1');
    await present('a', 'a2'); // evicts a1: its notice lasts until 10 × TTL
    clock.now = 2 * TTL;
    await present('b', 'b1');
    expect(storage.size).toBe(2);
    expect((await present('a', 'a1', false)).notice?.reason).toBe('newer-login');
    clock.now = 11 * TTL;
    await present('b', 'b1', false);
    await present('b', 'b1', false);
    expect(storage.size).toBe(1);
  });
});

describe('MemorySessionStorage: regressions', () => {
  it('regression, was broken: a clock that steps back (NTP) does not keep an account the sweep should drop', async () => {
    const { clock, storage, present } = storeAt(5600);
    await present('a', 'a1');
    clock.now = 4400; // the clock steps back
    await present('a', 'a1'); // a1 logs in again: seen at 4400
    clock.now = 5600; // unseen for ttl: the account holds nothing live
    const again = await present('a', 'a1', false);
    expect(again.registered).toBe(true);
    expect(again.session?.seq).toBe(1); // a new account, not the one that should have gone
    expect(storage.size).toBe(1);

    const other = storeAt(5600);
    await other.present('a', 'a1');
    other.clock.now = 4400;
    await other.present('a', 'a1');
    other.clock.now = 5600;
    await other.present('b', 'b1'); // the sweep finds a holding nothing live
    expect(other.storage.size).toBe(1);
    other.clock.now = 4500; // and back again: a1 stays gone
    expect(await other.storage.list('a', TTL)).toEqual({});
  });

  it('regression, was broken: only user agents it stores enter the shared table (a refused or untouched request\'s do not)', async () => {
    const { clock, storage } = storeAt(1000);
    const touchRule: AdmissionRule = { ...rule, touchInterval: 60_000 };
    const present = (handle: string, login: boolean, userAgent: string) => storage.admit('account', { handle, login, expiresAt: clock.now + 10 * TTL, userAgent }, touchRule);
    await present('laptop', true, 'Firefox');
    await present('phone', true, 'Safari'); // evicts the laptop
    for (let i = 0; i < 200; i++) {
      expect((await present('laptop', false, `junk-${i}`)).notice?.reason).toBe('newer-login');
      await present('phone', false, `other-${i}`); // within touchInterval: nothing stored
    }
    expect(Object.values(await storage.list('account', TTL)).map((session) => session.userAgent)).toEqual(['Safari']);
    expect((storage as unknown as { userAgents: { texts: string[] } }).userAgents.texts).toEqual(['Firefox', 'Safari']);
  });
});
