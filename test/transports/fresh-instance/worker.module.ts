import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SessionTrackerService, SingleSessionModule, type SingleSessionModuleOptions } from 'nestjs-single-session';

/** An admin worker: no HTTP, no request ever; the module alone, started as an application context. */
export async function startWorker(options: SingleSessionModuleOptions): Promise<{ tracker: SessionTrackerService; close(): Promise<void> }> {
  @Module({ imports: [SingleSessionModule.forRoot(options)] })
  class WorkerModule {}
  const worker = await NestFactory.createApplicationContext({ module: WorkerModule } satisfies DynamicModule, { logger: ['error', 'warn'] });
  return { tracker: worker.get(SessionTrackerService), close: () => worker.close() };
}
