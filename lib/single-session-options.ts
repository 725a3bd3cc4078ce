import type { ExecutionContext } from '@nestjs/common';
import { SingleSessionConfigError } from './single-session-config.error.js';
import type {
  MaxSessions,
  SingleSessionModuleOptions,
  SingleSessionStrategy,
  StoreErrorPolicy,
} from './single-session-options.interface.js';
import type { SessionStorage } from './session-storage.interface.js';

/** Options after validation, with every default filled in. */
export interface ResolvedOptions {
  maxSessions: MaxSessions;
  strategy: SingleSessionStrategy;
  getUserId?: (user: any) => string | number | undefined | null;
  getSessionId?: (context: ExecutionContext) => string | undefined | null;
  ttl: number;
  idleTimeout: number;
  keyPrefix: string;
  recheckInterval: number;
  touchInterval: number;
  onStoreError: StoreErrorPolicy;
  storeTimeout: number;
  storage?: SessionStorage;
  memoryLimit: number;
}

/** Largest LRU the in-memory store accepts (a larger one would silently be unbounded). */
const MAX_MEMORY_LIMIT = 16_777_216;

const STRATEGIES: readonly SingleSessionStrategy[] = ['evict-oldest', 'reject-new'];
const STORE_ERROR_POLICIES: readonly StoreErrorPolicy[] = ['allow', 'deny'];
const KNOWN_OPTIONS = new Set([
  'maxSessions', 'strategy', 'getUserId', 'getSessionId', 'ttl', 'idleTimeout', 'keyPrefix', 'global',
  'recheckInterval', 'touchInterval', 'onStoreError', 'storeTimeout', 'storage', 'memoryLimit',
]);

/** Whether `value` is a valid static session limit: a whole number ≥ 1 or `Infinity`. */
export function isSessionLimit(value: unknown): value is number {
  return value === Infinity || (Number.isSafeInteger(value) && (value as number) >= 1);
}

/** Validates the user's options once, at start-up, and fills in the defaults. */
export function resolveOptions(options: SingleSessionModuleOptions | undefined | null): ResolvedOptions {
  if (options != null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new SingleSessionConfigError('options', 'an object', options);
  }
  const given = options ?? {};
  for (const name of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new SingleSessionConfigError(name, `one of the known options (${[...KNOWN_OPTIONS].join(', ')})`, name);
    }
  }
  if (given.global !== undefined && typeof given.global !== 'boolean') {
    throw new SingleSessionConfigError('global', 'true or false', given.global);
  }
  const maxSessions = given.maxSessions ?? 1;
  if (typeof maxSessions !== 'function' && !isSessionLimit(maxSessions)) {
    throw new SingleSessionConfigError('maxSessions', 'a whole number ≥ 1, Infinity or a function of the user', maxSessions);
  }
  const ttl = wholeNumber('ttl', given.ttl, 86_400_000, 1, 'milliseconds');
  const idleTimeout = wholeNumber('idleTimeout', given.idleTimeout, Math.min(1_800_000, ttl), 1, 'milliseconds');
  const touchInterval = wholeNumber('touchInterval', given.touchInterval, Math.min(60_000, Math.floor(idleTimeout / 2)), 0, 'milliseconds');
  // A session's last-seen time lags its activity by up to recheckInterval + touchInterval.
  const recheckInterval = wholeNumber('recheckInterval', given.recheckInterval, Math.min(1000, Math.floor(idleTimeout / 4)), 0, 'milliseconds');
  if (touchInterval + recheckInterval >= idleTimeout) {
    throw new SingleSessionConfigError('touchInterval', `less than idleTimeout - recheckInterval (${idleTimeout - recheckInterval} ms), or an active session would look idle`, touchInterval);
  }
  return {
    maxSessions,
    strategy: oneOf('strategy', given.strategy, STRATEGIES, 'evict-oldest'),
    getUserId: optionalFunction('getUserId', given.getUserId),
    getSessionId: optionalFunction('getSessionId', given.getSessionId),
    ttl,
    idleTimeout,
    keyPrefix: keyPrefix(given.keyPrefix),
    recheckInterval,
    touchInterval,
    onStoreError: oneOf('onStoreError', given.onStoreError, STORE_ERROR_POLICIES, 'allow'),
    storeTimeout: wholeNumber('storeTimeout', given.storeTimeout, 500, 1, 'milliseconds'),
    storage: storage(given.storage),
    memoryLimit: wholeNumber('memoryLimit', given.memoryLimit, 1_000_000, 1, 'accounts', MAX_MEMORY_LIMIT),
  };
}

function wholeNumber(name: string, value: unknown, fallback: number, min: number, unit: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new SingleSessionConfigError(name, `a whole number of ${unit} ${range}`, value);
  }
  return value as number;
}

function oneOf<T extends string>(name: string, value: unknown, accepted: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!accepted.includes(value as T)) {
    throw new SingleSessionConfigError(name, accepted.map((item) => `'${item}'`).join(' or '), value);
  }
  return value as T;
}

function optionalFunction<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new SingleSessionConfigError(name, 'a function', value);
  }
  return value;
}

function keyPrefix(value: unknown): string {
  if (value === undefined) return 'single-session';
  if (typeof value !== 'string' || value.length === 0 || value.length > 100 || /\s/.test(value)) {
    throw new SingleSessionConfigError('keyPrefix', 'a non-empty string of at most 100 characters without spaces', value);
  }
  return value;
}

function storage(value: unknown): SessionStorage | undefined {
  if (value === undefined) return undefined;
  const methods = ['read', 'putSession', 'endSessions', 'forgetSessions'] as const;
  const candidate = value as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null || methods.some((name) => typeof candidate[name] !== 'function')) {
    throw new SingleSessionConfigError('storage', `an object with the methods ${methods.join(', ')}`, value);
  }
  return value as SessionStorage;
}
