/**
 * Entry of one express-session bench app process, forked by the bench with its options in
 * `BENCH_APP` (JSON) and served to it by `serveBenchApp`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { RedisStore } from 'connect-redis';
import session, { type Store } from 'express-session';
import passport from 'passport';
import { createClient } from 'redis';
import { benchAppModule } from './bench-app.module.js';
import { SESSIONS_CLIENT_NAME, type BenchAppOptions } from './bench-app-options.js';
import { benchAppOptions, serveBenchApp } from './serve.js';

const options = benchAppOptions<BenchAppOptions>();

async function sessionStore(): Promise<{ store?: Store; close(): Promise<void> }> {
  if (options.sessions !== 'redis') return { close: async () => undefined };
  const client = createClient({ url: options.redisUrl, name: SESSIONS_CLIENT_NAME });
  await client.connect();
  return { store: new RedisStore({ client }), close: () => client.close() };
}

const sessions = await sessionStore();
const app = await NestFactory.create<NestExpressApplication>(benchAppModule(options), { logger: ['error', 'warn'] });
app.use(session({ secret: 'bench-secret', resave: false, saveUninitialized: false, store: sessions.store }));
app.use(passport.session());
await serveBenchApp(app, sessions.close);
