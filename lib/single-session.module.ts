import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD, ModulesContainer } from '@nestjs/core';
import { appendRouteLastCheck } from './route-last-check.js';
import { SessionEnforcer } from './session-enforcer.js';
import { SessionRegistry } from './session-registry.js';
import { SessionTrackerService } from './session-tracker.service.js';
import { SingleSessionGuard } from './single-session.guard.js';
import { sessionStorageProviders } from './session-storage.providers.js';
import { SINGLE_SESSION_MODULE_OPTIONS, SINGLE_SESSION_OPTIONS, SINGLE_SESSION_STORAGE } from './single-session.internal-constants.js';
import type {
  SingleSessionModuleAsyncOptions,
  SingleSessionModuleOptions,
  SingleSessionOptionsFactory,
} from './single-session-options.interface.js';
import { resolveOptions } from './single-session-options.js';

/** Token of the provider that appends the route-last check to every handler (see `appendRouteLastCheck`). */
const ROUTE_LAST_CHECK_INSTALLED = Symbol('SINGLE_SESSION:ROUTE_LAST_CHECK_INSTALLED');

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
          { provide: ROUTE_LAST_CHECK_INSTALLED, inject: [ModulesContainer], useFactory: appendRouteLastCheck },
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
        ...sessionStorageProviders,
        SessionRegistry,
        SessionEnforcer,
        SessionTrackerService,
        SingleSessionGuard,
        ...globalProviders,
      ],
      exports: [SessionTrackerService, SingleSessionGuard, SessionRegistry, SessionEnforcer, SINGLE_SESSION_OPTIONS, SINGLE_SESSION_STORAGE],
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
