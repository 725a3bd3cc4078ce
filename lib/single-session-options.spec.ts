import { describe, expect, it } from 'vitest';
import { isSessionLimit, resolveOptions } from './single-session-options.js';
import { SingleSessionConfigError } from './single-session-config.error.js';
import type { SessionStorage } from './session-storage.interface.js';

/** The error `resolveOptions` throws for `options`. */
function failure(options: unknown): SingleSessionConfigError {
  try {
    resolveOptions(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(SingleSessionConfigError);
    return error as SingleSessionConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe('resolveOptions', () => {
  it('fills in every default', () => {
    expect(resolveOptions(undefined)).toEqual({
      maxSessions: 1,
      strategy: 'evict-oldest',
      choiceTimeout: 300_000,
      dryRun: false,
      deviceClass: undefined,
      getUserId: undefined,
      getSessionId: undefined,
      ttl: 86_400_000,
      tokenLifetime: 86_400_000,
      idleTimeout: 1_800_000,
      keyPrefix: 'single-session',
      recheckInterval: 1000,
      touchInterval: 60_000,
      onStoreError: 'allow',
      storeTimeout: 500,
      storage: undefined,
      sessionStore: undefined,
      showNewerDevice: true,
      memoryLimit: 1_000_000,
    });
    expect(resolveOptions({})).toEqual(resolveOptions(null));
  });

  it('keeps valid options', () => {
    const getUserId = (user: any) => user.uuid;
    const storage: SessionStorage = { admit: async () => ({ now: 0, registered: false, clampedLoginAt: false, ended: [] }), end: async () => [], list: async () => ({}) };
    const resolved = resolveOptions({ maxSessions: Infinity, strategy: 'reject-new', getUserId, ttl: 5000, keyPrefix: 'app', storage, global: false });
    expect(resolved).toMatchObject({ maxSessions: Infinity, strategy: 'reject-new', getUserId, ttl: 5000, keyPrefix: 'app', storage });
  });

  it('accepts a maxSessions function as it is', () => {
    const perPlan = (user: { plan: string }) => (user.plan === 'family' ? 3 : 1);
    expect(resolveOptions({ maxSessions: perPlan }).maxSessions).toBe(perPlan);
  });

  it('accepts limits per device class with a classifier, the choose strategy and a dry run', () => {
    const deviceClass = () => 'web';
    expect(resolveOptions({ maxSessions: { web: 1, mobile: Infinity }, deviceClass, strategy: 'choose', choiceTimeout: 60_000, dryRun: true })).toMatchObject({
      maxSessions: { web: 1, mobile: Infinity },
      deviceClass,
      strategy: 'choose',
      choiceTimeout: 60_000,
      dryRun: true,
    });
    expect(resolveOptions({ ttl: 60_000 }).choiceTimeout).toBe(60_000);
  });

  it('keeps idleTimeout within ttl by default, and the last-seen lag within idleTimeout', () => {
    expect(resolveOptions({ ttl: 60_000 })).toMatchObject({ idleTimeout: 60_000, touchInterval: 30_000, recheckInterval: 1000 });
    expect(resolveOptions({ idleTimeout: 300 })).toMatchObject({ touchInterval: 150, recheckInterval: 75 });
    expect(resolveOptions({ idleTimeout: 1 })).toMatchObject({ touchInterval: 0, recheckInterval: 0 });
  });

  it.each([
    ['maxSessions', { maxSessions: 0 }],
    ['maxSessions', { maxSessions: -1 }],
    ['maxSessions', { maxSessions: 1.5 }],
    ['maxSessions', { maxSessions: 'x' }],
    ['maxSessions', { maxSessions: -Infinity }],
    ['strategy', { strategy: 'foo' }],
    ['strategy', { strategy: 'EVICT-OLDEST' }],
    ['ttl', { ttl: -5 }],
    ['ttl', { ttl: 0 }],
    ['ttl', { ttl: '1h' }],
    ['idleTimeout', { idleTimeout: 2.5 }],
    ['idleTimeout', { ttl: 1000, idleTimeout: 1e7, touchInterval: 5e6 }],
    ['idleTimeout', { ttl: 60_000, idleTimeout: 120_000, touchInterval: 60_000 }],
    ['tokenLifetime', { tokenLifetime: 0 }],
    ['tokenLifetime', { tokenLifetime: 1e15 }],
    ['sessionStore', { sessionStore: {} }],
    ['showNewerDevice', { showNewerDevice: 'no' }],
    ['keyPrefix', { keyPrefix: 'a{b}' }],
    ['recheckInterval', { recheckInterval: -1 }],
    ['touchInterval', { touchInterval: -1 }],
    ['touchInterval', { idleTimeout: 1000, touchInterval: 1000 }],
    ['touchInterval', { idleTimeout: 1000, recheckInterval: 500, touchInterval: 500 }],
    ['keyPrefix', { keyPrefix: '' }],
    ['keyPrefix', { keyPrefix: 'my app' }],
    ['keyPrefix', { keyPrefix: 'x'.repeat(101) }],
    ['getUserId', { getUserId: 'id' }],
    ['getSessionId', { getSessionId: 42 }],
    ['onStoreError', { onStoreError: 'ignore' }],
    ['storeTimeout', { storeTimeout: 0 }],
    ['storage', { storage: { read: () => undefined } }],
    ['memoryLimit', { memoryLimit: 0 }],
    ['maxSesions', { maxSesions: 2 }],
    ['maxSessions', { maxSessions: {} }],
    ['maxSessions', { maxSessions: { web: 0 } }],
    ['maxSessions', { maxSessions: [1] }],
    ['deviceClass', { maxSessions: { web: 1, mobile: 1 } }],
    ['deviceClass', { deviceClass: 'mobile' }],
    ['maxSessions', { maxSessions: 2, deviceClass: () => 'web' }],
    ['strategy', { strategy: 'pick' }],
    ['choiceTimeout', { choiceTimeout: 0 }],
    ['choiceTimeout', { ttl: 60_000, choiceTimeout: 120_000 }],
    ['dryRun', { dryRun: 'yes' }],
  ])('rejects a bad %s, naming it: %j', (option, options) => {
    const error = failure(options);
    expect(error.name).toBe('SingleSessionConfigError');
    expect(error.message).toContain(`option "${option}" must be`);
    expect(error.message).toContain('received');
  });

  it('says what would be accepted', () => {
    expect(failure({ maxSessions: 0 }).message).toBe(
      'SingleSessionModule: option "maxSessions" must be a whole number ≥ 1, Infinity, limits per device class ({ web: 1, mobile: 2 }) or a function of the user; received 0.',
    );
    expect(failure({ strategy: 'foo' }).message).toContain("'evict-oldest' or 'reject-new'");
    expect(failure({ maxSesions: 2 }).message).toContain('maxSessions, strategy');
  });

  it('rejects options that are not an object', () => {
    expect(failure('evict-oldest').message).toContain('option "options" must be an object');
    expect(failure([1]).message).toContain('option "options" must be an object');
  });
});

describe('isSessionLimit', () => {
  it('accepts whole numbers from 1, and Infinity', () => {
    for (const value of [1, 2, 1000, Infinity]) expect(isSessionLimit(value)).toBe(true);
    for (const value of [0, -1, 1.5, NaN, -Infinity, '1', null, undefined, 2 ** 60]) expect(isSessionLimit(value)).toBe(false);
  });
  it('refuses a memoryLimit the in-memory LRU cannot honour, and a global that is not a boolean', () => {
    expect(failure({ memoryLimit: 20_000_000 }).message).toContain('"memoryLimit"');
    expect(resolveOptions({ memoryLimit: 16_777_216 }).memoryLimit).toBe(16_777_216);
    expect(failure({ global: 'false' }).message).toContain('"global"');
  });
});
