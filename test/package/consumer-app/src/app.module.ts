import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { SingleSessionModule, type SingleSessionStrategy } from 'nestjs-single-session';
import { AppController } from './app.controller.js';
import { LocalStrategy, SessionSerializer, type User } from './auth.js';

/** `'reject-new'` when the `SINGLE_SESSION_STRATEGY` environment variable says so, else the default. */
const strategy: SingleSessionStrategy = process.env.SINGLE_SESSION_STRATEGY === 'reject-new' ? 'reject-new' : 'evict-oldest';

/** A consumer app set up as the README's "Use it in your app" says. */
@Module({
  imports: [
    PassportModule.register({ session: true }),
    SingleSessionModule.forRoot({ maxSessions: (user: User) => (user.username === 'alice' ? 1 : 2), strategy }),
  ],
  controllers: [AppController],
  providers: [LocalStrategy, SessionSerializer],
})
export class AppModule {}
