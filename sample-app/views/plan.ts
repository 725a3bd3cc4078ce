import type { SingleSessionStrategy } from 'nestjs-single-session';

/** "1 device", "3 devices". */
export function devices(count: number): string {
  return count === 1 ? '1 device' : `${count} devices`;
}

/** What signing in on one more device does, for a person. */
export function strategyRule(strategy: SingleSessionStrategy): string {
  return strategy === 'reject-new'
    ? 'While the account is signed in on all the devices it may use, signing in on another one is refused.'
    : 'Signing in on one more device signs out the one that signed in first, and tells it why.';
}
