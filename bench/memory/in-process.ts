/**
 * One-shot (run with --expose-gc): `users` distinct accounts each log in once through the
 * guard on the module's default in-memory store; reports process memory before and after.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SessionTrackerService, SingleSessionGuard, SingleSessionModule } from 'nestjs-single-session';
import { finishOneShot, oneShotInput } from '../one-shot.js';
import { guardLogins, logInAll } from './guard-logins.js';
import { settledMemory } from './settled-memory.js';

/** What the in-process memory run measured (bytes, and logins per second). */
export interface InProcessMemory {
  users: number;
  heapBefore: number;
  heapAfter: number;
  rssBefore: number;
  rssAfter: number;
  loginsPerSecond: number;
  /** Whether the first and the last account are both still tracked at the end. */
  allTracked: boolean;
}

/** Logins through a throw-away app before the measured one starts, so that JIT warm-up is not counted. */
const WARM_UP = 10_000;

@Module({ imports: [SingleSessionModule.forRoot()] })
class MemoryBenchModule {}

const { users } = oneShotInput<{ users: number }>();
const startApp = () => NestFactory.createApplicationContext(MemoryBenchModule, { logger: ['error', 'warn'] });
const warmUp = await startApp();
await logInAll(guardLogins(warmUp.get(SingleSessionGuard)), 0, WARM_UP);
await warmUp.close();

const app = await startApp();
const login = guardLogins(app.get(SingleSessionGuard));
const before = settledMemory();
const started = performance.now();
await logInAll(login, 0, users);
const seconds = (performance.now() - started) / 1000;
const after = settledMemory();

const tracker = app.get(SessionTrackerService);
const allTracked = (await tracker.list(0)).length === 1 && (await tracker.list(users - 1)).length === 1;
finishOneShot({
  users,
  heapBefore: before.heapUsed,
  heapAfter: after.heapUsed,
  rssBefore: before.rss,
  rssAfter: after.rss,
  loginsPerSecond: users / seconds,
  allTracked,
} satisfies InProcessMemory);
