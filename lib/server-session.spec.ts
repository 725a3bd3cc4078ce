import { describe, expect, it } from 'vitest';
import { isStampedFor, readStamp, storedStamp } from './server-session.js';

const notice = { reason: 'newer-login' as const, endedAt: 5 };

describe('session stamps', () => {
  it('keeps a signed-in stamp as one short string and reads it back', () => {
    const stamp = { userId: 'alice:b', loginAt: 1_764_430_000_123 };
    const stored = storedStamp(stamp);
    expect(stored).toBe(`${(1_764_430_000_123).toString(36)}:alice:b`);
    expect(readStamp({ singleSession: stored })).toEqual(stamp);
    expect(readStamp({ singleSession: storedStamp({ userId: '', loginAt: 0 }) })).toEqual({ userId: '', loginAt: 0 });
    expect(readStamp({ singleSession: storedStamp({ userId: 'a', loginAt: 36 ** 10 - 1 }) })).toEqual({ userId: 'a', loginAt: 36 ** 10 - 1 });
  });

  it('keeps every other stamp as an object, as it is', () => {
    for (const stamp of [
      { id: 'own-id', userId: '1', loginAt: 7 },
      { userId: '1', loginAt: 7, previous: notice },
      { ended: { ...notice, reported: false } },
      { id: 'own-id' },
      { userId: '1', loginAt: 7.5 },
      { userId: '1', loginAt: -7 },
      // Past ten base-36 digits (the reader's bound): kept as an object, so it reads back.
      { userId: '1', loginAt: 36 ** 10 },
    ]) {
      expect(storedStamp(stamp)).toBe(stamp);
      expect(readStamp({ singleSession: storedStamp(stamp) })).toBe(stamp);
    }
  });

  it('reads stamps written as objects by earlier versions', () => {
    expect(readStamp({ singleSession: { userId: '1', loginAt: 7 } })).toEqual({ userId: '1', loginAt: 7 });
  });

  it('reads text that is no short form as no stamp (the session counts as unstamped)', () => {
    for (const text of ['', 'abc', ':alice', 'zz!:alice', 'A1:alice', `${'z'.repeat(20)}:alice`]) {
      expect(readStamp({ singleSession: text })).toBeUndefined();
    }
    expect(readStamp({})).toBeUndefined();
    expect(readStamp(undefined)).toBeUndefined();
  });

  it('tells whether a session is stamped signed in for an account exactly as reading its stamp does', () => {
    const values = [
      undefined,
      'not a stamp',
      storedStamp({ userId: 'alice', loginAt: 7 }),
      storedStamp({ userId: 'alice:b', loginAt: 1_764_430_000_123 }),
      storedStamp({ userId: '', loginAt: 0 }),
      'zzzzzzzzzz:alice',
      'zzzzzzzzzzz:alice',
      'Zz:alice',
      'z:',
      ':alice',
      'b:alice',
      { userId: 'alice', loginAt: 7 },
      { userId: 'alice' },
      { ended: { ...notice, reported: false } },
    ];
    for (const value of values) {
      for (const userId of ['alice', 'b:alice', 'alice:b', 'b', '', 'lice']) {
        const session = { singleSession: value };
        const stamp = readStamp(session);
        expect(isStampedFor(session, userId), `${JSON.stringify(value)} for ${userId}`).toBe(stamp?.loginAt !== undefined && stamp.userId === userId);
      }
    }
    expect(isStampedFor(undefined, 'alice')).toBe(false);
  });
});
