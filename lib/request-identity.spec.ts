import { describe, expect, it } from 'vitest';
import { accountId, defaultUserId, tokenLoginAt, tokenSessionId, userIdOf } from './request-identity.js';

describe('defaultUserId', () => {
  it('reads id, then sub, then _id, then userId', () => {
    expect(defaultUserId({ id: 1, sub: 'x' })).toBe('1');
    expect(defaultUserId({ sub: 'auth0|42', _id: 'y' })).toBe('auth0|42');
    expect(defaultUserId({ _id: 'mongo', userId: 'z' })).toBe('mongo');
    expect(defaultUserId({ userId: 7 })).toBe('7');
    expect(defaultUserId({ id: '', sub: 's' })).toBe('s');
  });

  it('finds nothing on a user without any of them', () => {
    for (const user of [{ username: 'ghost' }, null, undefined, 'alice', { id: null }, { id: {} }, { id: NaN }]) {
      expect(defaultUserId(user)).toBeUndefined();
    }
  });
});

describe('accountId', () => {
  it('names one account by a number and by its string', () => {
    expect(accountId(1)).toBe(accountId('1'));
    expect(accountId(10n)).toBe('10');
  });

  it('reads objects with their own toString, such as an ObjectId', () => {
    class ObjectId {
      constructor(private readonly hex: string) {}
      toString() {
        return this.hex;
      }
    }
    expect(accountId(new ObjectId('65f0c0ffee'))).toBe('65f0c0ffee');
  });

  it('refuses what names no account', () => {
    for (const value of ['', NaN, Infinity, null, undefined, {}, [], true]) expect(accountId(value)).toBeUndefined();
  });
});

describe('userIdOf', () => {
  it('uses the getUserId option when set', () => {
    expect(userIdOf({ getUserId: (user: any) => user.uuid }, { id: 1, uuid: 'u-1' })).toBe('u-1');
    expect(userIdOf({}, { id: 1, uuid: 'u-1' })).toBe('1');
    expect(userIdOf({ getUserId: () => undefined }, { id: 1 })).toBeUndefined();
  });
});

describe('tokenSessionId', () => {
  it('reads the sid claim, then jti', () => {
    expect(tokenSessionId({ sid: 's', jti: 'j' })).toBe('s');
    expect(tokenSessionId({ sid: '', jti: 'j' })).toBe('j');
    expect(tokenSessionId({ jti: 'j' })).toBe('j');
  });

  it('finds none without a usable claim', () => {
    for (const user of [{}, { jti: '' }, { jti: 42 }, { sid: ['s'] }, null, undefined]) expect(tokenSessionId(user)).toBeUndefined();
  });
});

describe('tokenLoginAt', () => {
  it('reads auth_time, else iat, in seconds, as epoch ms (fractions kept)', () => {
    expect(tokenLoginAt({ auth_time: 1_700_000_000, iat: 1_700_000_100 })).toBe(1_700_000_000_000);
    expect(tokenLoginAt({ iat: 1_700_000_100 })).toBe(1_700_000_100_000);
    expect(tokenLoginAt({ auth_time: 1_700_000_000.123 })).toBe(1_700_000_000_123);
  });

  it('finds none without a usable claim', () => {
    for (const user of [{}, { iat: '1700000000' }, { iat: 0 }, { iat: -1 }, { auth_time: NaN }, null]) expect(tokenLoginAt(user)).toBeUndefined();
  });
});
