/**
 * Entry of one bench app process, forked by the bench with its options in `BENCH_APP` (JSON).
 * Listens on a free loopback port, reports it to the parent over IPC, answers `'cpu'` with the
 * CPU time it has used (µs), and stops on `'stop'`.
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

const options = JSON.parse(process.env.BENCH_APP ?? '{}') as BenchAppOptions;

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
await app.listen(0, '127.0.0.1');
process.send!({ port: (app.getHttpServer().address() as { port: number }).port });
process.on('message', async (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
    return;
  }
  await app.close();
  await sessions.close();
  process.exit(0);
});
