/** Thrown at start-up when an option of `SingleSessionModule` is invalid; the message names it. */
export class SingleSessionConfigError extends Error {
  override readonly name = 'SingleSessionConfigError';

  constructor(option: string, accepted: string, received: unknown) {
    super(`SingleSessionModule: option "${option}" must be ${accepted}; received ${describe(received)}.`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Object.prototype.toString.call(value);
}
