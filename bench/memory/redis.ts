/**
 * One-shot: `users` distinct accounts each log in once through the guard, with the tracker on
 * Redis (the app's CacheModule on a `@keyv/redis` store). The bench reads Redis' memory around it.
 */
import 'reflect-metadata';
import { CacheModule } from '@nestjs/cache-manager';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createKeyv } from '@keyv/redis';
import { SingleSessionGuard, SingleSessionModule } from 'nestjs-single-session';
import { finishOneShot, oneShotInput } from '../one-shot.js';
import { guardLogins, logInAll } from './guard-logins.js';

const { users, redisUrl, keyPrefix } = oneShotInput<{ users: number; redisUrl: string; keyPrefix: string }>();
class RedisMemoryBenchModule {}
const module: DynamicModule = {
  module: RedisMemoryBenchModule,
  imports: [
    CacheModule.register({ isGlobal: true, stores: [createKeyv(redisUrl)] }),
    SingleSessionModule.forRoot({ keyPrefix }),
  ],
};
const app = await NestFactory.createApplicationContext(module, { logger: ['error', 'warn'] });
const login = guardLogins(app.get(SingleSessionGuard));
const started = performance.now();
await logInAll(login, 0, users);
const seconds = (performance.now() - started) / 1000;
await app.close();
finishOneShot({ loginsPerSecond: users / seconds });
