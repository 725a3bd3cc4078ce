import type { ResolvedOptions } from './single-session-options.js';
import { isSessionLimit, isSessionLimits } from './single-session-options.js';
import type { SessionLimits } from './single-session-options.interface.js';

/** Longest device class name kept. */
const MAX_DEVICE_CLASS_LENGTH = 64;

/** What a session unclassified for want of a usable class gets, said at the end of a problem. */
const NO_CLASS = 'a session that registers now gets no class, and no limit';

/** The limit that applies to a session, and the class it gets if it registers now. */
export interface AppliedLimit {
  /** A number for the whole account, or limits per device class (applied by each session's class as stored). */
  limit: number | SessionLimits;
  /** The class the request's session gets if it registers now (limits per class only). */
  deviceClass?: string;
}

/** Why a limit or a class could not be read: a kind (for rate-limited logging) and a message naming the option. */
export interface LimitProblem {
  kind: string;
  problem: string;
}

/**
 * The device class the `deviceClass` option names for a request; `undefined` without the
 * option. Throws a `LimitProblem` when the classifier throws or returns no usable name.
 */
export function deviceClassOf(options: ResolvedOptions, request: object, user: unknown): string | undefined {
  if (!options.deviceClass) return undefined;
  let name: unknown;
  try {
    name = options.deviceClass(request, user);
  } catch (error) {
    throw problem('deviceClass', `The deviceClass function threw (${String(error)}); ${NO_CLASS}.`);
  }
  return usableDeviceClass(name, 'The deviceClass function');
}

/** `name` when it is a usable device class name (a non-empty string of at most 64 characters); else throws a `LimitProblem` naming `source`. */
export function usableDeviceClass(name: unknown, source: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_DEVICE_CLASS_LENGTH) {
    throw problem('deviceClass', `${source} returned ${JSON.stringify(name)}, not a non-empty string of at most ${MAX_DEVICE_CLASS_LENGTH} characters; ${NO_CLASS}.`);
  }
  return name;
}

/**
 * The limit `maxSessions` gives `user`'s account: a number applies to the whole account (no
 * class is asked for); limits per class apply to each session by its class as stored, and
 * `classify` names the class of the request's session in case it registers now. Throws a
 * `LimitProblem` when a `maxSessions` function throws or returns no usable limit, or returns
 * limits per class without the `deviceClass` option.
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
  if (!options.deviceClass) {
    throw problem('deviceClass', 'maxSessions gave limits per device class, but the deviceClass option is not set; the request passes unchecked.');
  }
  return { limit: limits, deviceClass: classify() };
}

/** Whether `error` is a `LimitProblem` thrown by this file. */
export function isLimitProblem(error: unknown): error is LimitProblem {
  return typeof error === 'object' && error !== null && LIMIT_PROBLEM in error;
}

const LIMIT_PROBLEM = Symbol('SINGLE_SESSION:LIMIT_PROBLEM');

function problem(kind: string, message: string): LimitProblem {
  return { kind, problem: message, [LIMIT_PROBLEM]: true } as LimitProblem;
}
