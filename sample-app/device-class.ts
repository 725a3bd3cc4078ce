/** The kinds of device an account may have a limit for: phones, and everything else (computers, tablets with a desktop browser). */
export type DeviceClass = 'web' | 'mobile';

/** Limits per kind of device, as `maxSessions` takes them: `{ web: 1, mobile: 1 }`. */
export type DeviceLimits = Record<DeviceClass, number>;

/** How the pages name a class ("Phone" on "Your sessions") and count its devices ("1 computer", "2 phones"). */
export const DEVICE_CLASS_NAMES: Record<DeviceClass, { label: string; one: string; many: string }> = {
  web: { label: 'Computer', one: 'computer', many: 'computers' },
  mobile: { label: 'Phone', one: 'phone', many: 'phones' },
};

/** Whether a session class is one of `DeviceClass` (sessions of an account with one limit for all its devices have none). */
export function isDeviceClass(name: string | undefined): name is DeviceClass {
  return name !== undefined && Object.hasOwn(DEVICE_CLASS_NAMES, name);
}

/**
 * The `deviceClass` option of SingleSessionModule: `'mobile'` for a browser that says it is one
 * ("Mobi" in its `User-Agent`, as phones' browsers do), else `'web'`. The module asks it only for
 * accounts whose limits are per kind of device (dana's); the others' limit is one number.
 */
export function deviceClassOf(req: { headers?: Record<string, unknown> }): DeviceClass {
  const userAgent = req.headers?.['user-agent'];
  return typeof userAgent === 'string' && /Mobi/.test(userAgent) ? 'mobile' : 'web';
}
