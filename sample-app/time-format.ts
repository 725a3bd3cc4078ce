/** How a moment is written: a clock time ("14:02"), or a date and time ("27 Nov, 14:02"; the clock alone when it is today). */
export type MomentStyle = 'time' | 'date-time';

/**
 * The moment in UTC, saying so ("14:02 UTC", "27 Nov, 14:02 UTC"): what the server writes
 * inside `<time>`, and what a browser without JavaScript shows (it knows no viewer's time zone).
 */
export function inUtc(epochMs: number, style: MomentStyle): string {
  const date: Intl.DateTimeFormatOptions = style === 'date-time' ? { day: 'numeric', month: 'short' } : {};
  return `${new Date(epochMs).toLocaleString('en-GB', { ...date, hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;
}

/** "just now", "5 minutes ago", "2 hours ago". */
export function ago(epochMs: number, now = Date.now()): string {
  const minutes = Math.floor((now - epochMs) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
}
