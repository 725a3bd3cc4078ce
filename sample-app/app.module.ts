import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { SingleSessionModule } from 'nestjs-single-session';
import { AccountSessions } from './account-sessions.service.js';
import { ApiController } from './api.controller.js';
import { LocalStrategy } from './auth/local.strategy.js';
import { SessionSerializer } from './auth/session.serializer.js';
import { ChoiceRequiredFilter } from './choice-required.filter.js';
import { ChooserController } from './chooser.controller.js';
import { deviceClassOf } from './device-class.js';
import { FaviconController } from './favicon.controller.js';
import { LiveSignOutController } from './live-sign-out.controller.js';
import { PagesController } from './pages.controller.js';
import { SAMPLE_OPTIONS, type SampleAppOptions } from './sample-options.js';
import { CsrfRejectedFilter } from './security/csrf-rejected.filter.js';
import { CsrfMiddleware } from './security/csrf.middleware.js';
import { SignInAgainFilter } from './sign-in-again.filter.js';
import { IDLE_TIMEOUT_MINUTES, limitOf } from './users.js';

/** The sample app: passport-local sessions, limited per account by SingleSessionModule; CSRF tokens on every POST. */
@Module({})
export class AppModule implements NestModule {
  /** The app for these options; `imports` adds infrastructure modules (the Redis wiring). */
  static with(options: SampleAppOptions, imports: DynamicModule[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...imports,
        PassportModule.register({ session: true }),
        SingleSessionModule.forRoot({
          maxSessions: limitOf,
          deviceClass: deviceClassOf,
          strategy: options.strategy,
          idleTimeout: IDLE_TIMEOUT_MINUTES * 60_000,
          choiceTimeout: options.choiceTimeout,
        }),
      ],
      controllers: [PagesController, ChooserController, ApiController, LiveSignOutController, FaviconController],
      providers: [
        LocalStrategy,
        SessionSerializer,
        AccountSessions,
        { provide: SAMPLE_OPTIONS, useValue: options },
        { provide: APP_FILTER, useClass: SignInAgainFilter },
        { provide: APP_FILTER, useClass: ChoiceRequiredFilter },
        { provide: APP_FILTER, useClass: CsrfRejectedFilter },
      ],
    };
  }

  /** Every route goes through `CsrfMiddleware`: no state-changing route can be left out by mistake. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsrfMiddleware).forRoutes('*');
  }
}
