/**
 * Entry of one JWT bench app process, forked by the bench with its options in `BENCH_APP`
 * (JSON) and served to it by `serveBenchApp`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { JwtBenchAppOptions } from './bench-app-options.js';
import { jwtBenchAppModule } from './jwt-bench-app.module.js';
import { benchAppOptions, serveBenchApp } from './serve.js';

const app = await NestFactory.create(jwtBenchAppModule(benchAppOptions<JwtBenchAppOptions>()), { logger: ['error', 'warn'] });
await serveBenchApp(app);
