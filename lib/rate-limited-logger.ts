import { Logger } from '@nestjs/common';

/** How often (ms) one kind of problem is logged again while it goes on. */
const REPEAT_AFTER = 60_000;

/** Logs each kind of problem at once, then at most once a minute (or never again), so a bad setting cannot flood the log. */
export class RateLimitedLogger {
  private readonly logger = new Logger('SingleSession');
  private readonly lastLogged = new Map<string, number>();

  /** Logs `message` as an error unless the same `kind` was logged within the last minute. */
  error(kind: string, message: string): void {
    const now = Date.now();
    const last = this.lastLogged.get(kind);
    if (last !== undefined && now - last < REPEAT_AFTER) return;
    this.lastLogged.set(kind, now);
    this.logger.error(message);
  }

  /** Logs `message` as a warning the first time `kind` comes up in this process, never again. */
  warnOnce(kind: string, message: string): void {
    if (this.lastLogged.has(kind)) return;
    this.lastLogged.set(kind, Date.now());
    this.logger.warn(message);
  }
}
