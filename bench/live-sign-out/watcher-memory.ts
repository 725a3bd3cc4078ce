/**
 * One-shot (run with --expose-gc): `watchers` sessions, one account each, registered on the
 * module's default in-memory store; then one `tracker.watch()` subscription each, as a live
 * sign-out route holds it while a page is open. Reports the V8 heap before and after the
 * watchers, once their first look at the store is done.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SessionTrackerService, SingleSessionModule } from 'nestjs-single-session';
import type { Subscription } from 'rxjs';
import { finishOneShot, oneShotInput } from '../one-shot.js';
import { settledMemory } from '../memory/settled-memory.js';

/** What the watcher memory run measured (bytes). */
export interface WatcherMemory {
  watchers: number;
  heapBefore: number;
  heapAfter: number;
  /** Whether revoking every watched session told every watcher once. */
  allTold: boolean;
}

@Module({ imports: [SingleSessionModule.forRoot()] })
class WatcherMemoryModule {}

const { watchers } = oneShotInput<{ watchers: number }>();
const app = await NestFactory.createApplicationContext(WatcherMemoryModule, { logger: ['error', 'warn'] });
const tracker = app.get(SessionTrackerService);
for (let i = 0; i < watchers; i++) await tracker.register({ id: i }, { sessionId: `session-${i}` });
// Warm-up: watch and forget every session once, so that JIT and map growth are not counted.
for (let i = 0; i < watchers; i++) tracker.watch(i, `session-${i}`).subscribe().unsubscribe();

await sleep(200); // the warm-up watchers' first looks at the store finish
const heapBefore = settledMemory().heapUsed;
let told = 0;
const subscriptions: Subscription[] = [];
for (let i = 0; i < watchers; i++) subscriptions.push(tracker.watch(i, `session-${i}`).subscribe(() => told++));
await sleep(200);
const heapAfter = settledMemory().heapUsed;

for (let i = 0; i < watchers; i++) await tracker.revoke(i, tracker.handleOf(`session-${i}`));
finishOneShot({ watchers, heapBefore, heapAfter, allTold: told === watchers && subscriptions.every((subscription) => subscription.closed) } satisfies WatcherMemory);
