import { describe, expect, it } from 'vitest';
import { type DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import {
  SessionTrackerService,
  SingleSessionModule,
  type SingleSessionModuleOptions,
  type SingleSessionOptionsFactory,
} from 'nestjs-single-session';
import { Browser } from '../support/browser.js';
import { startApp } from '../support/start-app.js';
import { SessionAppModule } from '../session-app/session-app.module.js';
import { signIn } from '../session-app/session-client.js';

/** The app's own configuration, as a ConfigService would hold it: two places per account. */
const SESSION_CONFIG = Symbol('SESSION_CONFIG');

@Module({ providers: [{ provide: SESSION_CONFIG, useValue: { places: 2 } }], exports: [SESSION_CONFIG] })
class ConfigModule {}

/** Builds the options from the app's configuration. */
@Injectable()
class SessionOptionsFactory implements SingleSessionOptionsFactory {
  constructor(@Inject(SESSION_CONFIG) private readonly config: { places: number }) {}
  createSingleSessionOptions(): SingleSessionModuleOptions {
    return { maxSessions: this.config.places };
  }
}

@Module({ imports: [ConfigModule], providers: [SessionOptionsFactory], exports: [SessionOptionsFactory] })
class SessionOptionsModule {}

/** A feature module that does not import SingleSessionModule, yet injects the tracker. */
@Injectable()
class AccountService {
  constructor(readonly tracker: SessionTrackerService) {}
}

@Module({ providers: [AccountService] })
class AccountModule {}

const configurations: [string, DynamicModule][] = [
  ['forRoot', SingleSessionModule.forRoot({ maxSessions: 2 })],
  [
    'forRootAsync with useFactory and inject',
    SingleSessionModule.forRootAsync({
      imports: [ConfigModule],
      inject: [SESSION_CONFIG],
      useFactory: async (config: { places: number }) => ({ maxSessions: config.places }),
    }),
  ],
  ['forRootAsync with useClass', SingleSessionModule.forRootAsync({ imports: [ConfigModule], useClass: SessionOptionsFactory })],
  ['forRootAsync with useExisting', SingleSessionModule.forRootAsync({ imports: [SessionOptionsModule], useExisting: SessionOptionsFactory })],
];

describe.each(configurations)('SingleSessionModule.%s', (_, singleSession) => {
  it('applies the configured limit (two places: the third login evicts the first)', async () => {
    const running = await startApp(SessionAppModule.with({}, { singleSession }));
    try {
      const browsers = [new Browser(running.url), new Browser(running.url), new Browser(running.url)];
      for (const browser of browsers) expect((await signIn(browser, 'alice')).status).toBe(200);
      expect((await browsers[0].get('/me')).body.code).toBe('SESSION_EVICTED');
      expect((await browsers[1].get('/me')).status).toBe(200);
      expect((await browsers[2].get('/me')).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});

describe('SessionTrackerService', () => {
  it('is injectable from a module that does not import SingleSessionModule', async () => {
    @Module({ imports: [SingleSessionModule.forRoot(), AccountModule] })
    class AppModule {}
    const running = await startApp(AppModule, { sessions: false });
    try {
      const { tracker } = running.app.get(AccountService);
      expect(tracker).toBe(running.app.get(SessionTrackerService));
      expect(await tracker.list(1)).toEqual([]);
    } finally {
      await running.close();
    }
  });
});
