import type { LogLevel } from '@nestjs/common';
import type { SingleSessionStrategy } from 'nestjs-single-session';

/** How to run the sample app. */
export interface SampleAppOptions {
  /** What happens when an account is over its limit. @default 'evict-oldest' */
  strategy?: SingleSessionStrategy;
  /** With `'choose'`, how long (ms) a sign-in over the limit waits for its person to choose a device to sign out. @default 300_000 (5 minutes) */
  choiceTimeout?: number;
  /** Keep sessions and the tracker in this Redis (`redis://host:6379`) instead of memory. */
  redisUrl?: string;
  /** Secret that signs the session cookie. @default a development secret */
  sessionSecret?: string;
  /**
   * Express's `trust proxy`: how many proxies (`1`) or which addresses (`'loopback'`,
   * `'10.0.0.0/8'`) terminate TLS in front of the app. The app then reads `X-Forwarded-Proto`,
   * so a request that reached the proxy over HTTPS gets `Secure` cookies. @default none: `X-Forwarded-*` is ignored
   */
  trustProxy?: number | string;
  /** Nest log levels. @default ['error', 'warn'] */
  logger?: LogLevel[] | false;
}

/** The strategy the app runs with. */
export function strategyOf(options: SampleAppOptions): SingleSessionStrategy {
  return options.strategy ?? 'evict-oldest';
}

/** Injection token of the app's `SampleAppOptions`. */
export const SAMPLE_OPTIONS = Symbol('SAMPLE_OPTIONS');

const STRATEGIES: SingleSessionStrategy[] = ['evict-oldest', 'reject-new', 'choose'];

/**
 * Options from the command line (`--reject-new`, `--choose`) and the environment
 * (`SINGLE_SESSION_STRATEGY`, `REDIS_URL`, `SESSION_SECRET`, `TRUST_PROXY`); throws, with a
 * one-line message, on an unknown strategy or when `NODE_ENV=production` has no `SESSION_SECRET`.
 */
export function optionsFromEnvironment(argv: string[], env: NodeJS.ProcessEnv): Required<Pick<SampleAppOptions, 'strategy'>> & SampleAppOptions {
  const flag = STRATEGIES.find((candidate) => argv.includes(`--${candidate}`));
  const strategy = flag ?? (env.SINGLE_SESSION_STRATEGY || 'evict-oldest');
  if (!STRATEGIES.includes(strategy as SingleSessionStrategy)) {
    throw new Error(`SINGLE_SESSION_STRATEGY must be one of ${STRATEGIES.join(', ')}; got "${strategy}".`);
  }
  if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
    throw new Error('SESSION_SECRET is not set: with NODE_ENV=production the sample app will not sign session cookies with its development secret (set SESSION_SECRET to a long random string, e.g. `openssl rand -hex 32`).');
  }
  return {
    strategy: strategy as SingleSessionStrategy,
    redisUrl: env.REDIS_URL || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
    trustProxy: env.TRUST_PROXY && /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY || undefined,
  };
}
