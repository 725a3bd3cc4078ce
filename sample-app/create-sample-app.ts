import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { AppModule } from './app.module.js';
import { redisWiring } from './redis.js';
import type { SampleAppOptions } from './sample-options.js';
import { securityHeaders } from './security/security-headers.js';

/** Secret of the session cookie when `SESSION_SECRET` is not set: fine for a demo on your machine only (refused with NODE_ENV=production). */
const DEVELOPMENT_SECRET = 'nestjs-single-session-sample-app';

/** Stylesheet, scripts and icon of the pages, served under `/assets/` (`npm run build:sample` copies it next to the build). */
const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/**
 * Builds the sample app (not yet listening): security headers, the static assets,
 * express-session (in memory, or connect-redis with `redisUrl`), passport sessions, and the
 * pages and API of `AppModule`.
 */
export async function createSampleApp(options: SampleAppOptions = {}): Promise<NestExpressApplication> {
  const redis = options.redisUrl ? await redisWiring(options.redisUrl) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(options, redis?.modules), {
    logger: options.logger ?? ['error', 'warn'],
  });
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(securityHeaders());
  app.useStaticAssets(PUBLIC_DIR, { prefix: '/assets/' });
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store'); // pages depend on who is signed in: never from the cache
    next();
  });
  app.use(
    session({
      name: 'sample.sid',
      secret: options.sessionSecret ?? DEVELOPMENT_SECRET,
      store: redis?.sessionStore,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto' }, // Secure whenever the request came over HTTPS (see `trustProxy`)
    }),
  );
  app.use(passport.session());
  return app;
}
