import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import session from 'express-session';
import passport from 'passport';
import { AppModule } from './app.module.js';

/** Starts the app on `PORT` (0: a free port) with express-session and passport, and prints its URL. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn'] });
  app.use(session({ secret: 'consumer-secret', resave: false, saveUninitialized: false }));
  app.use(passport.session());
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  console.log(`listening on http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
}

void bootstrap();
