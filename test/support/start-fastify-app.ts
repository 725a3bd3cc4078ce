import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { listening, type RunningApp } from './start-app.js';

/** Starts a real Nest app on Fastify over HTTP on 127.0.0.1; `setup` registers its plugins (sessions, passport) first. */
export async function startFastifyApp(module: Type | DynamicModule, setup?: (app: NestFastifyApplication) => Promise<void>): Promise<RunningApp> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: ['error', 'warn'] });
  await setup?.(app);
  return listening(app);
}
