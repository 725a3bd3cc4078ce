import type { SessionInfo } from 'nestjs-single-session';
import { DEVICE_CLASS_NAMES, isDeviceClass } from './device-class.js';
import { describeDevice } from './device.js';

/** One session of the signed-in account, as the pages and the API show it. */
export interface SessionView {
  handle: string;
  device: string;
  /** "Phone", "Computer": the kind of device it counts as, for an account with a limit per kind. */
  deviceClass?: string;
  ip?: string;
  loginAt: number;
  lastSeenAt: number;
  /** Whether it is the session of the request. */
  current: boolean;
}

/** A session as the tracker lists it, in the words of the pages. */
export function sessionView(session: SessionInfo, current: boolean): SessionView {
  return {
    handle: session.handle,
    device: describeDevice(session.userAgent),
    deviceClass: isDeviceClass(session.deviceClass) ? DEVICE_CLASS_NAMES[session.deviceClass].label : undefined,
    ip: session.ip?.replace(/^::ffff:/, ''),
    loginAt: session.loginAt,
    lastSeenAt: session.lastSeenAt,
    current,
  };
}
