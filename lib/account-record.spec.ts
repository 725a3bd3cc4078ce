import { describe, expect, it } from 'vitest';
import { asRecord, emptyRecord, isEmpty, MAX_ENDED_PER_ACCOUNT, pruned, withEnded, withSession, without } from './account-record.js';
import type { AccountRecord, SessionEndNotice, StoredSession } from './session-record.interface.js';

const session = (loginAt: number, lastSeenAt = loginAt): StoredSession => ({ loginAt, lastSeenAt });
const notice = (endedAt: number, reason: SessionEndNotice['reason'] = 'newer-login'): SessionEndNotice => ({ reason, endedAt });

describe('account records', () => {
  it('start empty', () => {
    expect(emptyRecord()).toEqual({ sessions: {}, ended: {} });
    expect(isEmpty(emptyRecord())).toBe(true);
    expect(isEmpty({ sessions: { a: session(1) }, ended: {} })).toBe(false);
    expect(isEmpty({ sessions: {}, ended: { a: notice(1) } })).toBe(false);
  });

  it('read anything that is not a record as empty, and damaged entries as absent', () => {
    for (const value of [undefined, null, 'text', 42, [], { sessions: 'x', ended: [] }]) expect(asRecord(value)).toEqual(emptyRecord());
    const damaged = {
      sessions: { good: session(1, 2), noTimes: { ip: 'x' }, text: 'x', nan: { loginAt: NaN, lastSeenAt: 1 } },
      ended: { good: notice(5), noReason: { endedAt: 5 }, nothing: null },
    };
    expect(asRecord(damaged)).toEqual({ sessions: { good: session(1, 2) }, ended: { good: notice(5) } });
  });

  it('copy what they read, so changing the copy leaves the original alone', () => {
    const original: AccountRecord = { sessions: { a: session(1) }, ended: {} };
    const copy = asRecord(original);
    copy.sessions.b = session(2);
    expect(Object.keys(original.sessions)).toEqual(['a']);
  });

  it('keep the first login time of a session rewritten later', () => {
    const once = withSession(emptyRecord(), 'a', session(100, 100));
    const again = withSession(once, 'a', { ...session(300, 400), ip: '10.0.0.1' });
    expect(again.sessions.a).toEqual({ loginAt: 100, lastSeenAt: 400, ip: '10.0.0.1' });
    expect(withSession(once, 'a', session(50, 500)).sessions.a.loginAt).toBe(50);
    expect(once.sessions.a.lastSeenAt).toBe(100);
  });

  it('drop the entries of ended sessions and keep their notices; a first notice is not overwritten', () => {
    const record: AccountRecord = { sessions: { a: session(1), b: session(2) }, ended: { c: notice(3, 'revoked') } };
    const ended = withEnded(record, { a: notice(10), c: notice(11, 'logout') });
    expect(ended.sessions).toEqual({ b: session(2) });
    expect(ended.ended).toEqual({ a: notice(10), c: notice(3, 'revoked') });
  });

  it('remember at most MAX_ENDED_PER_ACCOUNT notices, the newest', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_ENDED_PER_ACCOUNT + 10 }, (_, index) => [`s${index}`, notice(index)]));
    const kept = withEnded(emptyRecord(), many).ended;
    expect(Object.keys(kept)).toHaveLength(MAX_ENDED_PER_ACCOUNT);
    expect(kept.s0).toBeUndefined();
    expect(kept[`s${MAX_ENDED_PER_ACCOUNT + 9}`]).toBeDefined();
  });

  it('drop the notices of refused logins first, so a flood of them cannot push out a logout', () => {
    const loggedOut = { old: notice(1, 'logout') };
    const refused = Object.fromEntries(Array.from({ length: MAX_ENDED_PER_ACCOUNT + 5 }, (_, index) => [`r${index}`, notice(100 + index, 'limit')]));
    const kept = withEnded(withEnded(emptyRecord(), loggedOut), refused).ended;
    expect(Object.keys(kept)).toHaveLength(MAX_ENDED_PER_ACCOUNT);
    expect(kept.old).toEqual(notice(1, 'logout'));
  });

  it('forget sessions entirely, ended or not', () => {
    const record: AccountRecord = { sessions: { a: session(1), b: session(2) }, ended: { a: notice(3), c: notice(4) } };
    expect(without(record, ['a', 'c'])).toEqual({ sessions: { b: session(2) }, ended: {} });
  });

  it('prune sessions unseen, and notices older, than the ttl', () => {
    const record: AccountRecord = {
      sessions: { fresh: session(0, 950), stale: session(0, 900) },
      ended: { fresh: notice(901), stale: notice(899) },
    };
    expect(pruned(record, 1000, 100)).toEqual({ sessions: { fresh: session(0, 950) }, ended: { fresh: notice(901) } });
  });
});
