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
