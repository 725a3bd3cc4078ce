import { describe, expect, it } from 'vitest';
import { decodeAccountState, encodeAccountState, SharedUserAgents } from './account-state-codec.js';
import { accountStateFrom, accountStateJson, type AccountStateJson } from './account-state.js';

/** What `decodeAccountState` gives for what `encodeAccountState` made of `state`, in plain form. */
function roundTrip(state: AccountStateJson, userAgents: SharedUserAgents): AccountStateJson {
  return accountStateJson(decodeAccountState(encodeAccountState(accountStateFrom(state), userAgents), userAgents));
}

const FULL: AccountStateJson = {
  seq: 7,
  sessions: {
    h1: { loginAt: 1000, seq: 6, lastSeenAt: 5000, expiresAt: 90_000, sid: 'raw-sid', ip: '10.0.0.1', userAgent: 'Firefox' },
    h2: { loginAt: 2000, seq: 7, lastSeenAt: 2000, expiresAt: 3000 },
  },
  notices: {
    h0: { notice: { reason: 'newer-login', endedAt: 4000, by: { loginAt: 2000, userAgent: 'Firefox' } }, expiresAt: 80_000 },
    h3: { notice: { reason: 'logout', endedAt: 4500 }, expiresAt: 70_000 },
    h4: { notice: { reason: 'idle', endedAt: 4600, by: { loginAt: 0 } }, expiresAt: 70_000 },
  },
  mark: { seq: 5, at: 3500, expiresAt: 99_000, notice: { reason: 'revoked', endedAt: 3500 } },
};

describe('account state codec', () => {
  it('decodes what it encoded, every field', () => {
    const userAgents = new SharedUserAgents();
    expect(roundTrip(FULL, userAgents)).toEqual(FULL);
    expect(roundTrip({ seq: 0, sessions: {}, notices: {} }, userAgents)).toEqual({ seq: 0, sessions: {}, notices: {} });
  });

  it('decodes device classes and pendingUntil, each with or without the other, and a replaced notice', () => {
    const userAgents = new SharedUserAgents();
    const state: AccountStateJson = {
      seq: 5,
      sessions: {
        web: { loginAt: 1000, seq: 1, lastSeenAt: 1500, expiresAt: 9000, deviceClass: 'web' },
        waiting: { loginAt: 2000, seq: 2, lastSeenAt: 2100, expiresAt: 9000, userAgent: 'Safari', pendingUntil: 2300 },
        both: { loginAt: 3000, seq: 3, lastSeenAt: 3000, expiresAt: 9000, deviceClass: 'mobile', pendingUntil: 3300 },
        empty: { loginAt: 4000, seq: 5, lastSeenAt: 4000, expiresAt: 9000, deviceClass: '' },
      },
      notices: { old: { notice: { reason: 'replaced', endedAt: 2500, by: { loginAt: 2000, userAgent: 'Safari' } }, expiresAt: 9000 } },
    };
    expect(roundTrip(state, userAgents)).toEqual(state);
  });

  it('keeps a user agent beyond Latin-1 as it is, and shares equal user agents', () => {
    const userAgents = new SharedUserAgents();
    const state: AccountStateJson = { seq: 1, sessions: { h: { loginAt: 1, seq: 1, lastSeenAt: 1, expiresAt: 2, userAgent: 'Браузер 😀' } }, notices: {} };
    expect(roundTrip(state, userAgents)).toEqual(state);
    expect(userAgents.refer('Браузер 😀')).toBe(userAgents.refer('Браузер 😀'));
    expect(userAgents.refer(undefined)).toBe(0);
  });
});
