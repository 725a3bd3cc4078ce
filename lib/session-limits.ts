import type { ResolvedOptions } from './single-session-options.js';
import { isSessionLimit, isSessionLimits } from './single-session-options.js';

/** Longest device class name kept. */
const MAX_DEVICE_CLASS_LENGTH = 64;

/** The limit that applies to a session, and the session's device class. */
export interface AppliedLimit {
  /** Places of the session's class, or of the whole account. */
  limit: number;
  /** The session's device class, when the limit is one of limits per class. */
  deviceClass?: string;
}

/** Why no limit could be read: a kind (for rate-limited logging) and a message naming the option. */
export interface LimitProblem {
  kind: string;
  problem: string;
}

/**
 * The device class of a session at its login, as the `deviceClass` option names it; `undefined`
 * without the option. Throws a `LimitProblem` when the classifier throws or returns no usable name.
 */
export function deviceClassOf(options: ResolvedOptions, request: object, user: unknown): string | undefined {
  if (!options.deviceClass) return undefined;
  let name: unknown;
  try {
    name = options.deviceClass(request, user);
  } catch (error) {
    throw problem('deviceClass', `The deviceClass function threw (${String(error)}); the request passes unchecked.`);
  }
  return usableDeviceClass(name, 'The deviceClass function');
}

/** `name` when it is a usable device class name (a non-empty string of at most 64 characters); else throws a `LimitProblem` naming `source`. */
export function usableDeviceClass(name: unknown, source: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_DEVICE_CLASS_LENGTH) {
    throw problem('deviceClass', `${source} returned ${JSON.stringify(name)}, not a non-empty string of at most ${MAX_DEVICE_CLASS_LENGTH} characters; the request passes unchecked.`);
  }
  return name;
}

/**
 * The limit `maxSessions` gives a session of `user`'s account: a number applies to the whole
 * account (the session gets no class); limits per class apply to the session's class, which
 * `classify` names (asked only then). Throws a `LimitProblem` when a `maxSessions` function
 * throws or returns no usable limit, or when the limits do not name the class.
 */
export async function appliedLimitOf(options: ResolvedOptions, user: unknown, classify: () => string | undefined): Promise<AppliedLimit> {
  const { maxSessions } = options;
  let limits: unknown = maxSessions;
  if (typeof maxSessions === 'function') {
    try {
      limits = await maxSessions(user);
    } catch (error) {
      throw problem('maxSessions', `The maxSessions function threw (${String(error)}); the request passes unchecked.`);
    }
  }
  if (isSessionLimit(limits)) return { limit: limits };
  if (!isSessionLimits(limits)) {
    throw problem('maxSessions', `The maxSessions function returned ${String(limits)}, not a whole number ≥ 1, Infinity or limits per device class; the request passes unchecked.`);
  }
  const deviceClass = classify();
  if (deviceClass === undefined) {
    throw problem('deviceClass', 'maxSessions gave limits per device class, but the deviceClass option is not set; the request passes unchecked.');
  }
  const limit = Object.hasOwn(limits, deviceClass) ? limits[deviceClass] : undefined;
  if (limit === undefined) {
    throw problem(`class:${deviceClass}`, `maxSessions names no limit for the device class '${deviceClass}' (it names ${Object.keys(limits).join(', ')}); the request passes unchecked.`);
  }
  return { limit, deviceClass };
}

/** Whether `error` is a `LimitProblem` thrown by this file. */
export function isLimitProblem(error: unknown): error is LimitProblem {
  return typeof error === 'object' && error !== null && LIMIT_PROBLEM in error;
}

const LIMIT_PROBLEM = Symbol('SINGLE_SESSION:LIMIT_PROBLEM');

function problem(kind: string, message: string): LimitProblem {
  return { kind, problem: message, [LIMIT_PROBLEM]: true } as LimitProblem;
}
