import { once, type EventEmitter } from 'node:events';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { type Cache, createCache } from 'cache-manager';
import { createKeyv } from 'cacheable';
import { CacheSessionStorage } from './cache-session-storage.js';
import { RedisSessionStorage, type RedisClientLike } from './redis-session-storage.js';
import { TimeLimitedStorage } from './time-limited-storage.js';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionRegistry } from './session-registry.js';
import { SessionTrackerService } from './session-tracker.service.js';
import { SingleSessionGuard } from './single-session.guard.js';
import { SingleSessionInterceptor } from './single-session.interceptor.js';
import {
  SINGLE_SESSION_MODULE_OPTIONS,
  SINGLE_SESSION_OPTIONS,
  SINGLE_SESSION_STORAGE,
} from './single-session.internal-constants.js';
import type {
  SingleSessionModuleAsyncOptions,
  SingleSessionModuleOptions,
  SingleSessionOptionsFactory,
} from './single-session-options.interface.js';
import { resolveOptions, type ResolvedOptions } from './single-session-options.js';
import type { SessionStorage } from './session-storage.interface.js';

/** How often (ms) the private in-memory cache sweeps expired accounts. */
const MEMORY_SWEEP_INTERVAL = 60_000;

/**
 * Limits each account to `maxSessions` concurrent sessions. Import it once, in the root module;
 * `SessionTrackerService` is then injectable everywhere.
 */
@Module({})
export class SingleSessionModule {
  /**
   * Configures the module with static options.
   * @typeParam TUser the type of `req.user`, inferred from a typed `maxSessions` or `getUserId` function
   */
  static forRoot<TUser = any>(options: SingleSessionModuleOptions<TUser> = {}): DynamicModule {
    return this.assemble([{ provide: SINGLE_SESSION_MODULE_OPTIONS, useValue: options }], options?.global ?? true);
  }

  /** Configures the module with options built by a factory, a class or an existing provider. */
  static forRootAsync(options: SingleSessionModuleAsyncOptions): DynamicModule {
    return this.assemble(this.asyncOptionsProviders(options), options.global ?? true, options.imports);
  }

  private static assemble(optionsProviders: Provider[], global: boolean, imports: DynamicModule['imports'] = []): DynamicModule {
    const globalProviders: Provider[] = global
      ? [
          { provide: APP_GUARD, useExisting: SingleSessionGuard },
          { provide: APP_INTERCEPTOR, useClass: SingleSessionInterceptor },
        ]
      : [];
    return {
      module: SingleSessionModule,
      global: true,
      imports,
      providers: [
        ...optionsProviders,
        {
          provide: SINGLE_SESSION_OPTIONS,
          inject: [SINGLE_SESSION_MODULE_OPTIONS],
          useFactory: resolveOptions,
        },
        {
          provide: SINGLE_SESSION_STORAGE,
          inject: [SINGLE_SESSION_OPTIONS, { token: CACHE_MANAGER, optional: true }],
          useFactory: storageFor,
        },
        SessionRegistry,
        SessionEnforcer,
        SessionTrackerService,
        SingleSessionGuard,
        ...globalProviders,
      ],
      exports: [SessionTrackerService, SingleSessionGuard, SessionRegistry, SessionEnforcer, SINGLE_SESSION_OPTIONS],
    };
  }

  private static asyncOptionsProviders(options: SingleSessionModuleAsyncOptions): Provider[] {
    if (options.useFactory) {
      return [{ provide: SINGLE_SESSION_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }];
    }
    const factoryClass = options.useClass ?? options.useExisting;
    if (!factoryClass) {
      throw new Error('SingleSessionModule.forRootAsync() needs one of useFactory, useClass or useExisting.');
    }
    return [
      ...(options.useClass ? [{ provide: options.useClass, useClass: options.useClass }] : []),
      {
        provide: SINGLE_SESSION_MODULE_OPTIONS,
        inject: [factoryClass],
        useFactory: (factory: SingleSessionOptionsFactory) => factory.createSingleSessionOptions(),
      },
    ];
  }
}

/**
 * The `storage` option, else the app's `CACHE_MANAGER` (through the Redis client of its store
 * when it is `@keyv/redis`), else a private bounded in-memory cache; time-limited.
 */
function storageFor(options: ResolvedOptions, appCache?: Cache): SessionStorage {
  return new TimeLimitedStorage(options.storage ?? cacheStorage(options, appCache), options.storeTimeout);
}

function cacheStorage(options: ResolvedOptions, appCache?: Cache): SessionStorage {
  if (!appCache) {
    const memory = createKeyv({ ttl: options.ttl, lruSize: options.memoryLimit, checkInterval: MEMORY_SWEEP_INTERVAL });
    return new CacheSessionStorage(createCache({ stores: [memory] }));
  }
  const redis = keyvRedisAdapter(appCache);
  if (!redis) return new CacheSessionStorage(appCache);
  // The adapter connects lazily: connect now, and let the first calls wait (within storeTimeout)
  // until the connection is ready once, since a client with `disableOfflineQueue` fails every
  // command sent while it is still connecting. After that, failures are reported as they come.
  const firstReady = redis.getClient().then(untilReady).catch(() => undefined);
  return new RedisSessionStorage(() => firstReady.then(() => redis.getClient()));
}

/** Resolves once a node-redis client has finished connecting (at once if it has). */
async function untilReady(client: RedisClientLike): Promise<void> {
  const events = client as unknown as EventEmitter & { isReady?: boolean };
  if (events.isReady === false) await once(events, 'ready');
}

/** The `@keyv/redis` adapter of the cache's first store, recognised by its shape. */
function keyvRedisAdapter(cache: Cache): { getClient(): Promise<RedisClientLike> } | undefined {
  const adapter = cache.stores?.[0]?.store as { getClient?: unknown; client?: { hGetAll?: unknown } } | undefined;
  return typeof adapter?.getClient === 'function' && typeof adapter.client?.hGetAll === 'function'
    ? (adapter as { getClient(): Promise<RedisClientLike> })
    : undefined;
}
