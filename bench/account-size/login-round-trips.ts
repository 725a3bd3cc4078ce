import { SESSIONS_CLIENT_NAME, TRACKER_CLIENT_NAME } from '../app/bench-app-options.js';
import { startAppProcess, startJwtAppProcess, type AppProcess } from '../app-process.js';
import { APP_CPU, pin } from '../cpu-pinning.js';
import { logIn } from '../http-load.js';
import type { RedisServer } from '../redis-server.js';
import { PUBLISHED, traceLogins, type LoginRoundTrips, type RoundTrips } from '../redis-stats.js';
import { SCENARIOS } from '../scenarios.js';
import { signInForToken } from './jwt-requests.js';

/** Redis calls the module adds to a login: an account's first, and one that evicts the previous session. */
export interface AddedRoundTrips {
  first: number;
  evicting: number;
}

/** Round trips the module adds to a login (`maxSessions: 1`), in a JWT app and in an express-session app. */
export interface LoginRoundTripResults {
  /** The tracker's calls: a JWT app has no other Redis client. */
  jwt: AddedRoundTrips;
  /** The tracker's and connect-redis' calls, less those of the same app without the module. */
  sessions: AddedRoundTrips;
  /** The events each app published for other instances (`PUBLISH`, not awaited), apart from the round trips. */
  published: { jwt: AddedRoundTrips; sessions: AddedRoundTrips };
}

/** Traces logins with MONITOR on three fresh apps: JWT with the module, express-session with and without it. */
export async function traceModuleLogins(redis: RedisServer): Promise<LoginRoundTripResults> {
  const apps: AppProcess[] = [];
  const start = async (app: Promise<AppProcess>) => {
    apps.push(await app);
    pin(apps.at(-1)!.pid, APP_CPU);
    return apps.at(-1)!;
  };
  const sessionApp = (id: string) => ({ ...SCENARIOS.find((scenario) => scenario.id === id)!.app, redisUrl: redis.url });
  try {
    const jwt = await start(startJwtAppProcess({ redisUrl: redis.url, maxSessions: 1 }));
    const withModule = await start(startAppProcess(sessionApp('d')));
    const without = await start(startAppProcess(sessionApp('c')));
    const jwtTrips = await traceLogins(redis, 'round-trips-jwt', (account) => signInForToken(jwt.url, account));
    const withTrips = await traceLogins(redis, 'round-trips-sessions-module', (account) => logIn(withModule.url, account));
    const withoutTrips = await traceLogins(redis, 'round-trips-sessions-bare', (account) => logIn(without.url, account));
    return {
      jwt: added(jwtTrips),
      sessions: added(withTrips, withoutTrips),
      published: { jwt: publishes(jwtTrips), sessions: publishes(withTrips) },
    };
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}

/** The `PUBLISH` calls of `trips`. */
function publishes(trips: LoginRoundTrips): AddedRoundTrips {
  return { first: trips.first.get(PUBLISHED) ?? 0, evicting: trips.evicting.get(PUBLISHED) ?? 0 };
}

/** The apps' calls (tracker and connect-redis) of `trips`, less those of `baseline`. */
function added(trips: LoginRoundTrips, baseline?: LoginRoundTrips): AddedRoundTrips {
  const calls = (of: RoundTrips | undefined) => (of?.get(TRACKER_CLIENT_NAME) ?? 0) + (of?.get(SESSIONS_CLIENT_NAME) ?? 0);
  return { first: calls(trips.first) - calls(baseline?.first), evicting: calls(trips.evicting) - calls(baseline?.evicting) };
}
