import type { ExecutionContext } from '@nestjs/common';
import { SingleSessionConfigError } from './single-session-config.error.js';
import type {
  DeviceClassifier,
  MaxSessions,
  SingleSessionModuleOptions,
  SingleSessionStrategy,
  StoreErrorPolicy,
} from './single-session-options.interface.js';
import type { SessionStorage } from './session-storage.interface.js';
import type { SessionLimits } from './single-session-options.interface.js';
import type { SessionStoreLike } from './server-session.js';
import { isRedisClient } from './redis-clients.js';
import { RedisSessionStorage } from './redis-session-storage.js';

/** Options after validation, with every default filled in. */
export interface ResolvedOptions {
  maxSessions: MaxSessions;
  strategy: SingleSessionStrategy;
  choiceTimeout: number;
  dryRun: boolean;
  deviceClass?: DeviceClassifier;
  getUserId?: (user: any) => string | number | undefined | null;
  getSessionId?: (context: ExecutionContext) => string | undefined | null;
  ttl: number;
  tokenLifetime: number;
  idleTimeout: number;
  keyPrefix: string;
  recheckInterval: number;
  touchInterval: number;
  onStoreError: StoreErrorPolicy;
  storeTimeout: number;
  storage?: SessionStorage;
  sessionStore?: SessionStoreLike;
  showNewerDevice: boolean;
  memoryLimit: number;
}

/** Largest account bound of the in-memory store (a Map holds at most 2^24 entries). */
const MAX_MEMORY_LIMIT = 16_777_216;

/** Longest `tokenLifetime` (ms): ten years, so that times stay far inside what every store represents exactly. */
const MAX_LIFETIME = 315_360_000_000;

const STRATEGIES: readonly SingleSessionStrategy[] = ['evict-oldest', 'reject-new', 'choose'];
const STORE_ERROR_POLICIES: readonly StoreErrorPolicy[] = ['allow', 'deny'];
const KNOWN_OPTIONS = new Set([
  'maxSessions', 'strategy', 'choiceTimeout', 'dryRun', 'deviceClass', 'getUserId', 'getSessionId', 'ttl', 'tokenLifetime', 'idleTimeout', 'keyPrefix', 'global',
  'recheckInterval', 'touchInterval', 'onStoreError', 'storeTimeout', 'storage', 'sessionStore', 'showNewerDevice', 'memoryLimit',
]);

/** Whether `value` is a valid static session limit: a whole number ≥ 1 or `Infinity`. */
export function isSessionLimit(value: unknown): value is number {
  return value === Infinity || (Number.isSafeInteger(value) && (value as number) >= 1);
}

/** Whether `value` is a valid limit per device class: a plain object of at least one class, each a session limit. */
export function isSessionLimits(value: unknown): value is SessionLimits {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const limits = Object.values(value);
  return limits.length > 0 && limits.every(isSessionLimit);
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
  for (const name of ['global', 'showNewerDevice', 'dryRun'] as const) {
    if (given[name] !== undefined && typeof given[name] !== 'boolean') throw new SingleSessionConfigError(name, 'true or false', given[name]);
  }
  const maxSessions = given.maxSessions ?? 1;
  if (typeof maxSessions !== 'function' && !isSessionLimit(maxSessions) && !isSessionLimits(maxSessions)) {
    throw new SingleSessionConfigError('maxSessions', 'a whole number ≥ 1, Infinity, limits per device class ({ web: 1, mobile: 2 }) or a function of the user', maxSessions);
  }
  const deviceClass = optionalFunction('deviceClass', given.deviceClass);
  if (isSessionLimits(maxSessions) && !deviceClass) {
    throw new SingleSessionConfigError('deviceClass', 'a function naming the class of a session, since maxSessions gives limits per class', deviceClass);
  }
  if (isSessionLimit(maxSessions) && deviceClass) {
    throw new SingleSessionConfigError('maxSessions', 'limits per device class ({ web: 1, mobile: 1 }) or a function of the user, since deviceClass is set (a number limits the whole account, whatever the class)', maxSessions);
  }
  const ttl = wholeNumber('ttl', given.ttl, 86_400_000, 1, 'milliseconds', MAX_LIFETIME);
  const idleTimeout = wholeNumber('idleTimeout', given.idleTimeout, Math.min(1_800_000, ttl), 1, 'milliseconds', ttl, 'ttl');
  const touchInterval = wholeNumber('touchInterval', given.touchInterval, Math.min(60_000, Math.floor(idleTimeout / 2)), 0, 'milliseconds');
  // A session's last-seen time lags its activity by up to recheckInterval + touchInterval.
  const recheckInterval = wholeNumber('recheckInterval', given.recheckInterval, Math.min(1000, Math.floor(idleTimeout / 4)), 0, 'milliseconds');
  if (touchInterval + recheckInterval >= idleTimeout) {
    throw new SingleSessionConfigError('touchInterval', `less than idleTimeout - recheckInterval (${idleTimeout - recheckInterval} ms), or an active session would look idle`, touchInterval);
  }
  return {
    maxSessions,
    strategy: oneOf('strategy', given.strategy, STRATEGIES, 'evict-oldest'),
    choiceTimeout: wholeNumber('choiceTimeout', given.choiceTimeout, Math.min(300_000, ttl), 1, 'milliseconds', ttl, 'ttl'),
    dryRun: given.dryRun ?? false,
    deviceClass,
    getUserId: optionalFunction('getUserId', given.getUserId),
    getSessionId: optionalFunction('getSessionId', given.getSessionId),
    ttl,
    tokenLifetime: wholeNumber('tokenLifetime', given.tokenLifetime, 86_400_000, 1, 'milliseconds', MAX_LIFETIME),
    idleTimeout,
    keyPrefix: keyPrefix(given.keyPrefix),
    recheckInterval,
    touchInterval,
    onStoreError: oneOf('onStoreError', given.onStoreError, STORE_ERROR_POLICIES, 'allow'),
    storeTimeout: wholeNumber('storeTimeout', given.storeTimeout, 500, 1, 'milliseconds'),
    storage: storage(given.storage),
    sessionStore: sessionStore(given.sessionStore),
    showNewerDevice: given.showNewerDevice ?? true,
    memoryLimit: wholeNumber('memoryLimit', given.memoryLimit, 1_000_000, 1, 'accounts', MAX_MEMORY_LIMIT),
  };
}

function wholeNumber(name: string, value: unknown, fallback: number, min: number, unit: string, max = Number.MAX_SAFE_INTEGER, maxName?: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${maxName ? `${maxName} (${max})` : max}`;
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
  if (typeof value !== 'string' || value.length === 0 || value.length > 100 || /[\s{}]/.test(value)) {
    throw new SingleSessionConfigError('keyPrefix', 'a non-empty string of at most 100 characters without spaces or braces', value);
  }
  return value;
}

function storage(value: unknown): SessionStorage | undefined {
  if (value === undefined) return undefined;
  if (isRedisClient(value)) return new RedisSessionStorage(value);
  const methods = ['admit', 'end', 'list'] as const;
  const candidate = value as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null || methods.some((name) => typeof candidate[name] !== 'function')) {
    throw new SingleSessionConfigError('storage', `a SessionStorage (methods ${methods.join(', ')}) or a node-redis or ioredis client`, value);
  }
  return value as SessionStorage;
}

function sessionStore(value: unknown): SessionStoreLike | undefined {
  if (value === undefined) return undefined;
  const methods = ['get', 'set', 'destroy'] as const;
  const candidate = value as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null || methods.some((name) => typeof candidate[name] !== 'function')) {
    throw new SingleSessionConfigError('sessionStore', `an express-session or @fastify/session store (methods ${methods.join(', ')})`, value);
  }
  return value as SessionStoreLike;
}
