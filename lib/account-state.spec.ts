import { describe, expect, it } from 'vitest';
import { accountStateFrom, accountStateJson, admitTo, placesOf } from './account-state.js';
import type { AdmissionRule } from './session-storage.interface.js';

describe('accountStateFrom', () => {
  it('keeps a well-formed device class and pendingUntil, and leaves out malformed ones', () => {
    const times = { loginAt: 1000, seq: 1, lastSeenAt: 2000, expiresAt: 9000 };
    const state = accountStateFrom({
      seq: 4,
      sessions: {
        pending: { ...times, deviceClass: 'web', pendingUntil: 2300 },
        emptyClass: { ...times, seq: 2, deviceClass: '' },
        malformed: { ...times, seq: 3, deviceClass: 7, pendingUntil: 'soon' },
        nullish: { ...times, seq: 4, deviceClass: null, pendingUntil: null },
        broken: { ...times, seq: 'x' },
      },
      notices: { ended: { notice: { reason: 'replaced', endedAt: 2000, by: { loginAt: 1500 } }, expiresAt: 9000 }, bad: { notice: {} } },
    });
    expect(accountStateJson(state)).toEqual({
      seq: 4,
      sessions: {
        pending: { ...times, deviceClass: 'web', pendingUntil: 2300 },
        emptyClass: { ...times, seq: 2, deviceClass: '' },
        malformed: { ...times, seq: 3 },
        nullish: { ...times, seq: 4 },
      },
      notices: { ended: { notice: { reason: 'replaced', endedAt: 2000, by: { loginAt: 1500 } }, expiresAt: 9000 } },
    });
    expect('deviceClass' in state.sessions.get('malformed')!).toBe(false);
    expect('pendingUntil' in state.sessions.get('nullish')!).toBe(false);
  });
});

describe('placesOf', () => {
  it("gives the number, or the class's limit (own entries only), or none for a class not named", () => {
    expect(placesOf(2, 'web')).toBe(2);
    expect(placesOf({ web: 1, mobile: 3 }, 'mobile')).toBe(3);
    for (const deviceClass of ['tablet', 'toString', 'constructor', undefined]) expect(placesOf({ web: 1 }, deviceClass)).toBe(Infinity);
  });
});

describe('a damaged cache entry', () => {
  it('regression, was broken: a "__proto__" session (JSON read back from a cache) is a session like any other, never a crash of admit or a prototype', () => {
    const rule: AdmissionRule = { limit: 1, strategy: 'evict-oldest', idleTimeout: 1000, ttl: 1000, touchInterval: 0, choiceTimeout: 500 };
    const entry = JSON.parse('{"seq":2,"sessions":{"__proto__":{"loginAt":0,"seq":1,"lastSeenAt":0,"expiresAt":0,"ip":null},"h1":{"loginAt":5,"seq":2,"lastSeenAt":5,"expiresAt":9999}},"notices":{}}');
    const state = accountStateFrom(entry);
    const result = admitTo(state, { handle: 'h2', login: true, expiresAt: 9999 }, rule, 10);
    expect(result.registered).toBe(true);
    expect(result.ended.map((ended) => ended.handle).sort()).toEqual(['__proto__', 'h1']);
    const json = accountStateJson(state);
    expect(Object.getPrototypeOf(json.notices)).toBe(Object.prototype);
    expect(Object.keys(json.notices).sort()).toEqual(['__proto__', 'h1']);
  });
});
