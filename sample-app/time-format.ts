/** "14:02", in the server's time zone (the sample runs on the machine of the person trying it). */
export function clock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** "14:02" today, else "27 Nov, 14:02". */
export function dateTime(epochMs: number, now = Date.now()): string {
  const date = new Date(epochMs);
  if (date.toDateString() === new Date(now).toDateString()) return clock(epochMs);
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${clock(epochMs)}`;
}

/** "just now", "5 minutes ago", "2 hours ago". */
export function ago(epochMs: number, now = Date.now()): string {
  const minutes = Math.floor((now - epochMs) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
}
