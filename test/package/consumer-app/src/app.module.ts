import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { SingleSessionModule } from 'nestjs-single-session';
import { AppController } from './app.controller.js';
import { LocalStrategy, SessionSerializer } from './auth.js';

/** A consumer app set up as the README's "Use it in your app" says. */
@Module({
  imports: [PassportModule.register({ session: true }), SingleSessionModule.forRoot({ maxSessions: 1, strategy: 'evict-oldest' })],
  controllers: [AppController],
  providers: [LocalStrategy, SessionSerializer],
})
export class AppModule {}
