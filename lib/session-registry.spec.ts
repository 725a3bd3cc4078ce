import { MemoryStore } from 'express-session';
import { describe, expect, it } from 'vitest';
import { MemorySessionStorage } from './memory-session-storage.js';
import { readStamp, storedStamp } from './server-session.js';
import { SessionRegistry } from './session-registry.js';
import { SESSION_STAMP_FIELD } from './single-session.internal-constants.js';
import { resolveOptions } from './single-session-options.js';

/** A registry watching an express-session MemoryStore, counting the tracker's calls. */
function watchedStore() {
  const options = resolveOptions({});
  const storage = new MemorySessionStorage(1000, options.ttl);
  const calls = { admit: 0 };
  const admit = storage.admit.bind(storage);
  storage.admit = (...args) => {
    calls.admit++;
    return admit(...args);
  };
  const registry = new SessionRegistry(options, storage);
  const store = new MemoryStore();
  registry.useSessionStore(store);
  const save = (sid: string, data: Record<string, unknown>) => new Promise<void>((resolve) => store.set(sid, data as never, () => resolve()));
  return { registry, calls, save };
}

describe('SessionRegistry: saving a session stamped at its login', () => {
  it('saves a login admitted in this request without asking the tracker', async () => {
    const { registry, calls, save } = watchedStore();
    const data: Record<string | symbol, unknown> = { cookie: {}, [SESSION_STAMP_FIELD]: storedStamp({ userId: '1', loginAt: 5000 }) };
    registry.markFresh(data, '1', 5000);
    await save('sid-1', data);
    expect(calls.admit).toBe(0);
  });

  it('regression, was broken: a login whose handler read @PreviousSessionEnd() (the stamp written again, without `previous`) is saved without asking the tracker either', async () => {
    const { registry, calls, save } = watchedStore();
    const data: Record<string | symbol, unknown> = { cookie: {}, [SESSION_STAMP_FIELD]: storedStamp({ userId: '1', loginAt: 5000, previous: { reason: 'newer-login', endedAt: 10 } }) };
    registry.markFresh(data, '1', 5000);
    // What the decorator does: it takes `previous` and writes the stamp again (now in its short form).
    const { previous: _, ...taken } = readStamp(data)!;
    data[SESSION_STAMP_FIELD] = storedStamp(taken);
    await save('sid-1', data);
    expect(calls.admit).toBe(0);
  });

  it('asks the tracker when the session was saved stamped for another login than the one admitted', async () => {
    const { registry, calls, save } = watchedStore();
    const data: Record<string | symbol, unknown> = { cookie: {}, [SESSION_STAMP_FIELD]: storedStamp({ userId: '1', loginAt: 5000 }) };
    registry.markFresh(data, '1', 5000);
    data[SESSION_STAMP_FIELD] = storedStamp({ userId: '1', loginAt: 4000 });
    await save('sid-1', data);
    expect(calls.admit).toBe(1);
  });
});
