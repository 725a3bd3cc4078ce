import { describe, expect, it } from 'vitest';
import { accountKey, sessionHandle } from './session-keys.js';

describe('accountKey', () => {
  it('keys ids that are not well-formed text (lone surrogates) without throwing, and apart', () => {
    const first = accountKey('p', '\ud800');
    const second = accountKey('p', '\ud801');
    expect(first).toMatch(/^p:account-sha256:/);
    expect(first).not.toBe(second);
  });

  it('namespaces the account under the prefix', () => {
    expect(accountKey('single-session', '42')).toBe('single-session:account:42');
    expect(accountKey('app', '42')).not.toBe(accountKey('other', '42'));
  });

  it('never gives user "a:b" and user "a" (or any prefix of it) the same key, nor one that extends the other', () => {
    const keys = ['a', 'a:b', 'a:b:c', 'a%3Ab', 'b'].map((id) => accountKey('p', id));
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      for (const other of keys) if (key !== other) expect(other.startsWith(`${key}:`)).toBe(false);
    }
  });

  it('hashes long ids into short, distinct keys', () => {
    const long = 'x'.repeat(10_000);
    const key = accountKey('p', long);
    expect(key.length).toBeLessThan(100);
    expect(key).not.toBe(accountKey('p', `${long}y`));
    expect(key).toBe(accountKey('p', long));
    expect(accountKey('p', 'x'.repeat(128))).toBe(`p:account:${'x'.repeat(128)}`);
  });
});

describe('sessionHandle', () => {
  it('is stable, short, and distinct per session id', () => {
    expect(sessionHandle('sid-1')).toBe(sessionHandle('sid-1'));
    expect(sessionHandle('sid-1')).not.toBe(sessionHandle('sid-2'));
    expect(sessionHandle('sid-1')).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('keeps the handles stores already hold: the first 24 characters of the base64url SHA-256 of the id\'s UTF-16 code units', () => {
    expect(sessionHandle('Qm9xVa7s9w2kP3zYtR8uEoLcJhNfGdBi')).toBe('YN17xmc2TOeqGPz32M2V4raK');
    expect(sessionHandle('\ud800x')).toBe('lGb9CgHPoGeBKLM6mCkRX3Oh');
  });

  it('does not reveal the session id', () => {
    const sid = 'Qm9xVa7s9w2kP3zYtR8uEoLcJhNfGdBi';
    expect(sessionHandle(sid)).not.toContain(sid.slice(0, 8));
  });
});
