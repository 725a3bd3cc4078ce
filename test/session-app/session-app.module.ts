import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { PassportModule } from '@nestjs/passport';
import { SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';
import { ChoiceController } from './choice.controller.js';
import { ExemptController } from './exempt.controller.js';
import { GuardedController } from './guarded.controller.js';
import { LocalStrategy, LoginGuard, SessionSerializer, SignedInGuard } from './session-auth.js';
import { SessionController } from './session.controller.js';

/** How a test varies the session app beyond the module's options. */
export interface SessionAppVariant {
  /**
   * Register the app's own `CacheModule` globally (`CacheModule.register({ isGlobal: true })`),
   * so the tracker stores its records in the app's `CACHE_MANAGER`, which a test can then read,
   * clear or break.
   */
  appCache?: boolean;
  /** Import this configured `SingleSessionModule` (say, a `forRootAsync`) instead of `forRoot(options)`. */
  singleSession?: DynamicModule;
  /** More controllers (and their providers) for a scenario's own routes. */
  controllers?: Type[];
  providers?: Provider[];
}

/** An express-session + passport-local app with the module configured by `options`. */
export class SessionAppModule {
  static with(options: SingleSessionModuleOptions = {}, variant: SessionAppVariant = {}): DynamicModule {
    @Module({
      imports: [
        ...(variant.appCache ? [CacheModule.register({ isGlobal: true })] : []),
        PassportModule.register({ session: true }),
        variant.singleSession ?? SingleSessionModule.forRoot(options),
      ],
      controllers: [SessionController, ExemptController, GuardedController, ChoiceController, ...(variant.controllers ?? [])],
      providers: [LocalStrategy, SessionSerializer, LoginGuard, SignedInGuard, ...(variant.providers ?? [])],
    })
    class AppModule {}
    return { module: AppModule };
  }
}
