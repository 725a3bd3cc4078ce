import type { User } from './users.js';

/** The kinds of device an account may have a limit for: phones, and everything else (computers, tablets with a desktop browser). */
export type DeviceClass = 'web' | 'mobile';

/** Limits per kind of device, as `maxSessions` takes them: `{ web: 1, mobile: 1 }`. */
export type DeviceLimits = Record<DeviceClass, number>;

/**
 * The one class of the sessions of an account with a single limit for all its devices: with the
 * `deviceClass` option set, a number limit applies to each class, so such accounts get one class.
 */
const ANY_DEVICE = 'any';

/** How the pages name a class ("Phone" on "Your sessions") and count its devices ("1 computer", "2 phones"). */
export const DEVICE_CLASS_NAMES: Record<DeviceClass, { label: string; one: string; many: string }> = {
  web: { label: 'Computer', one: 'computer', many: 'computers' },
  mobile: { label: 'Phone', one: 'phone', many: 'phones' },
};

/** Whether a session class is one of `DeviceClass` (not `ANY_DEVICE`). */
export function isDeviceClass(name: string | undefined): name is DeviceClass {
  return name !== undefined && Object.hasOwn(DEVICE_CLASS_NAMES, name);
}

/**
 * The `deviceClass` option of SingleSessionModule: `'mobile'` for a browser that says it is one
 * ("Mobi" in its `User-Agent`, as phones' browsers do), else `'web'`; `ANY_DEVICE` for an account
 * whose limit is one number.
 */
export function deviceClassOf(req: { headers?: Record<string, unknown> }, user: User): string {
  if (typeof user.maxSessions !== 'object') return ANY_DEVICE;
  const userAgent = req.headers?.['user-agent'];
  return typeof userAgent === 'string' && /Mobi/.test(userAgent) ? 'mobile' : 'web';
}
