import type { SingleSessionStrategy } from 'nestjs-single-session';
import { DEVICE_CLASS_NAMES, type DeviceLimits, isDeviceClass } from '../device-class.js';

/** The noun of devices of no particular class. */
const ANY_DEVICE_NOUN = { one: 'device', many: 'devices' };

/** "1 device", "3 devices"; with a device class, "1 phone", "2 computers". */
export function devices(count: number, deviceClass?: string): string {
  const noun = isDeviceClass(deviceClass) ? DEVICE_CLASS_NAMES[deviceClass] : ANY_DEVICE_NOUN;
  return `${count} ${count === 1 ? noun.one : noun.many}`;
}

/** What an account may use at once: "2 devices", or per kind of device "1 computer + 1 phone". */
export function allowance(limit: number | DeviceLimits): string {
  if (typeof limit === 'number') return devices(limit);
  return Object.entries(limit)
    .map(([deviceClass, count]) => devices(count, deviceClass))
    .join(' + ');
}

/** What signing in on one more device does, for a person. */
export function strategyRule(strategy: SingleSessionStrategy): string {
  switch (strategy) {
    case 'reject-new':
      return 'While the account is signed in on all the devices it may use, signing in on another one is refused.';
    case 'choose':
      return 'Signing in on one more device asks which of the others to sign out, and tells that one why.';
    default:
      return 'Signing in on one more device signs out the one that signed in first, and tells it why.';
  }
}
