import type { LogLevel } from '@nestjs/common';
import type { SingleSessionStrategy } from 'nestjs-single-session';

/** How to run the sample app. */
export interface SampleAppOptions {
  /** What happens when an account is over its limit. @default 'evict-oldest' */
  strategy?: SingleSessionStrategy;
  /** Keep sessions and the tracker in this Redis (`redis://host:6379`) instead of memory. */
  redisUrl?: string;
  /** Secret that signs the session cookie. @default a development secret */
  sessionSecret?: string;
  /** Nest log levels. @default ['error', 'warn'] */
  logger?: LogLevel[] | false;
}

/** Injection token of the app's `SampleAppOptions`. */
export const SAMPLE_OPTIONS = Symbol('SAMPLE_OPTIONS');

const STRATEGIES: SingleSessionStrategy[] = ['evict-oldest', 'reject-new'];

/**
 * Options from the command line (`--reject-new`) and the environment
 * (`SINGLE_SESSION_STRATEGY`, `REDIS_URL`, `SESSION_SECRET`); throws on an unknown strategy.
 */
export function optionsFromEnvironment(argv: string[], env: NodeJS.ProcessEnv): Required<Pick<SampleAppOptions, 'strategy'>> & SampleAppOptions {
  const strategy = argv.includes('--reject-new') ? 'reject-new' : (env.SINGLE_SESSION_STRATEGY || 'evict-oldest');
  if (!STRATEGIES.includes(strategy as SingleSessionStrategy)) {
    throw new Error(`SINGLE_SESSION_STRATEGY must be one of ${STRATEGIES.join(', ')}; got "${strategy}".`);
  }
  return {
    strategy: strategy as SingleSessionStrategy,
    redisUrl: env.REDIS_URL || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
  };
}
