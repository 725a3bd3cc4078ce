import { describe, expect, it } from 'vitest';
import { VerdictCache } from './verdict-cache.js';

const KEY = 'account-1';
const USER = '1';

describe('VerdictCache', () => {
  it('holds a confirmation for recheckInterval', () => {
    const verdicts = new VerdictCache(1000);
    expect(verdicts.isFresh('sid', USER, 0)).toBe(false);
    verdicts.confirm('sid', USER, KEY, 0, verdicts.mark());
    expect(verdicts.isFresh('sid', USER, 999)).toBe(true);
    expect(verdicts.isFresh('sid', USER, 1000)).toBe(false);
  });

  it('stays bounded: past 100,000 sessions the least recently confirmed are forgotten, the recent kept', () => {
    const verdicts = new VerdictCache(1000);
    const total = 130_000;
    for (let i = 0; i < total; i++) verdicts.confirm(`s${i}`, USER, KEY, 0, verdicts.mark());
    expect(verdicts.isFresh('s0', USER, 1)).toBe(false);
    expect(verdicts.isFresh(`s${total - 1}`, USER, 1)).toBe(true);
    expect(verdicts.isFresh(`s${total - 50_000}`, USER, 1)).toBe(true);
    const remembered = Array.from({ length: total }, (_, i) => verdicts.isFresh(`s${i}`, USER, 1)).filter(Boolean).length;
    expect(remembered).toBeLessThanOrEqual(100_000);
    expect(remembered).toBeGreaterThanOrEqual(90_000);
  });

  it('never lends one account\'s confirmation to another account presenting the same session id', () => {
    const verdicts = new VerdictCache(1000);
    verdicts.confirm('jti', USER, KEY, 0, verdicts.mark());
    expect(verdicts.isFresh('jti', '2', 1)).toBe(false);
    expect(verdicts.isFresh('jti', USER, 1)).toBe(true);
  });

  it('remembers nothing when recheckInterval is 0 (strict mode)', () => {
    const verdicts = new VerdictCache(0);
    verdicts.confirm('sid', USER, KEY, 0, verdicts.mark());
    expect(verdicts.isFresh('sid', USER, 0)).toBe(false);
  });

  it('voids the confirmations of an account changed after the store was read for them', () => {
    const verdicts = new VerdictCache(1000);
    const mark = verdicts.mark();
    verdicts.accountChanged(KEY);
    verdicts.confirm('sid', USER, KEY, 0, mark);
    expect(verdicts.isFresh('sid', USER, 1)).toBe(false);
  });

  it('forgets the confirmation of a session it is told has ended, and no other', () => {
    const verdicts = new VerdictCache(1000);
    verdicts.confirm('ended', USER, KEY, 0, verdicts.mark());
    verdicts.confirm('held', USER, KEY, 0, verdicts.mark());
    verdicts.forget('ended');
    expect(verdicts.isFresh('ended', USER, 1)).toBe(false);
    expect(verdicts.isFresh('held', USER, 1)).toBe(true);
  });

  it('keeps the confirmations of a change seen by the read, and of other accounts', () => {
    const verdicts = new VerdictCache(1000);
    verdicts.accountChanged(KEY);
    verdicts.confirm('sid', USER, KEY, 0, verdicts.mark());
    verdicts.accountChanged('other-account');
    expect(verdicts.isFresh('sid', USER, 1)).toBe(true);
    verdicts.accountChanged(KEY);
    expect(verdicts.isFresh('sid', USER, 1)).toBe(false);
  });
});
