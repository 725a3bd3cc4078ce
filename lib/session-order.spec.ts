import { describe, expect, it } from 'vitest';
import { byLoginTime, decide, type OrderingRule } from './session-order.js';
import type { AccountRecord, StoredSession } from './session-record.interface.js';

const NOW = 1_000_000;
const IDLE = 1_000;

/** A session that logged in at `loginAt` and was last seen `idleFor` ms ago. */
const session = (loginAt: number, idleFor = 0): StoredSession => ({ loginAt, lastSeenAt: NOW - idleFor });

const record = (sessions: Record<string, StoredSession>, ended: AccountRecord['ended'] = {}): AccountRecord => ({ sessions, ended });

const rule = (overrides: Partial<OrderingRule> = {}): OrderingRule => ({
  now: NOW,
  maxSessions: 1,
  strategy: 'evict-oldest',
  idleTimeout: IDLE,
  ...overrides,
});

/** Every order of `items`. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

const losers = (verdict: ReturnType<typeof decide>) => Object.fromEntries(verdict.losers);

describe('decide, evict-oldest', () => {
  it('keeps the newest login and evicts the others for a newer login', () => {
    const verdict = decide(record({ a: session(100), b: session(300), c: session(200) }), rule());
    expect(verdict.holders).toEqual(['b']);
    expect(losers(verdict)).toEqual({ a: 'newer-login', c: 'newer-login' });
  });

  it('keeps the N newest, newest first', () => {
    const verdict = decide(record({ a: session(100), b: session(400), c: session(200), d: session(300) }), rule({ maxSessions: 3 }));
    expect(verdict.holders).toEqual(['b', 'd', 'c']);
    expect(losers(verdict)).toEqual({ a: 'newer-login' });
  });

  it('breaks a tie of login times by handle: the greater handle is the newer', () => {
    const verdict = decide(record({ m: session(100), z: session(100), a: session(100) }), rule());
    expect(verdict.holders).toEqual(['z']);
    expect(losers(verdict)).toEqual({ a: 'newer-login', m: 'newer-login' });
  });

  it('serves idle sessions last: an active older session beats an idle newer one, which is evicted as idle', () => {
    const verdict = decide(record({ older: session(100), newer: session(200, IDLE) }), rule());
    expect(verdict.holders).toEqual(['older']);
    expect(losers(verdict)).toEqual({ newer: 'idle' });
  });

  it('never signs a session out for being idle while there is room', () => {
    expect(losers(decide(record({ alone: session(100, IDLE * 10) }), rule()))).toEqual({});
    expect(losers(decide(record({ a: session(100, IDLE * 10), b: session(200, IDLE * 10) }), rule({ maxSessions: 2 })))).toEqual({});
  });

  it('counts a session idle from exactly idleTimeout', () => {
    expect(losers(decide(record({ older: session(100), newer: session(200, IDLE - 1) }), rule()))).toEqual({ older: 'newer-login' });
    expect(losers(decide(record({ older: session(100), newer: session(200, IDLE) }), rule()))).toEqual({ newer: 'idle' });
  });
});

describe('decide, reject-new', () => {
  it('keeps the oldest login and refuses the newer ones for the limit', () => {
    const verdict = decide(record({ a: session(100), b: session(300), c: session(200) }), rule({ strategy: 'reject-new' }));
    expect(verdict.holders).toEqual(['a']);
    expect(losers(verdict)).toEqual({ b: 'limit', c: 'limit' });
  });

  it('keeps the N oldest, oldest first', () => {
    const verdict = decide(record({ a: session(100), b: session(400), c: session(200), d: session(300) }), rule({ strategy: 'reject-new', maxSessions: 3 }));
    expect(verdict.holders).toEqual(['a', 'c', 'd']);
    expect(losers(verdict)).toEqual({ b: 'limit' });
  });

  it('breaks a tie of login times by handle: the smaller handle is the older', () => {
    const verdict = decide(record({ m: session(100), z: session(100), a: session(100) }), rule({ strategy: 'reject-new' }));
    expect(verdict.holders).toEqual(['a']);
    expect(losers(verdict)).toEqual({ m: 'limit', z: 'limit' });
  });

  it('gives the place of an idle holder to an active newcomer, the holder losing it as idle', () => {
    const verdict = decide(record({ holder: session(100, IDLE), newcomer: session(200) }), rule({ strategy: 'reject-new' }));
    expect(verdict.holders).toEqual(['newcomer']);
    expect(losers(verdict)).toEqual({ holder: 'idle' });
  });
});

describe('decide, whatever the record', () => {
  it('gives the same verdict whatever order the sessions were written in', () => {
    const entries: [string, StoredSession][] = [['a', session(100)], ['b', session(200, IDLE)], ['c', session(200)], ['d', session(50)]];
    for (const strategy of ['evict-oldest', 'reject-new'] as const) {
      const verdicts = permutations(entries).map((order) => decide(record(Object.fromEntries(order)), rule({ strategy, maxSessions: 2 })));
      for (const verdict of verdicts) {
        expect(verdict.holders).toEqual(verdicts[0].holders);
        expect(losers(verdict)).toEqual(losers(verdicts[0]));
      }
    }
  });

  it('ignores sessions that already ended', () => {
    const verdict = decide(record({ a: session(100), b: session(200) }, { b: { reason: 'revoked', endedAt: NOW } }), rule());
    expect(verdict.holders).toEqual(['a']);
    expect(losers(verdict)).toEqual({});
  });

  it('evicts no one under an unlimited maxSessions', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`s${index}`, session(index)]));
    const verdict = decide(record(many), rule({ maxSessions: Infinity }));
    expect(verdict.holders).toHaveLength(50);
    expect(verdict.losers.size).toBe(0);
  });

  it('holds nothing for an empty record', () => {
    expect(decide(record({}), rule())).toEqual({ holders: [], losers: new Map() });
  });
});

describe('byLoginTime', () => {
  it('orders by login time, then by handle', () => {
    const entries: [string, StoredSession][] = [['b', session(2)], ['a', session(2)], ['c', session(1)]];
    expect(entries.sort(byLoginTime).map(([handle]) => handle)).toEqual(['c', 'a', 'b']);
  });
});
