import type { AddressInfo } from 'node:net';
import { createSampleApp } from './create-sample-app.js';
import { optionsFromEnvironment } from './sample-options.js';
import { DEMO_ACCOUNTS } from './users.js';
import { allowance } from './views/plan.js';

/**
 * `npm start`: the sample app on http://127.0.0.1:3000 (PORT, HOST), evict-oldest unless
 * `--reject-new` or SINGLE_SESSION_STRATEGY=reject-new, sessions in memory unless REDIS_URL.
 */
async function main(): Promise<void> {
  const options = optionsFromEnvironment(process.argv.slice(2), process.env);
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST || '127.0.0.1';
  const app = await createSampleApp(options);
  app.enableShutdownHooks();
  await app.listen(port, host);
  const { port: actualPort } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  const mode =
    options.strategy === 'reject-new'
      ? 'reject-new: a full account refuses new sign-ins'
      : 'evict-oldest: the newest sign-in wins (start with --reject-new to refuse new sign-ins instead)';
  console.log(
    [
      '',
      `  nestjs-single-session sample app is running at ${url}`,
      '',
      '  Demo accounts (username / password):',
      ...DEMO_ACCOUNTS.map(({ username, password, limit }) => `    ${`${username} / ${password}`.padEnd(22)} ${allowance(limit)} at a time`),
      '',
      `  Mode:     ${mode}`,
      `  Sessions: ${options.redisUrl ? `Redis at ${options.redisUrl}` : 'in memory (set REDIS_URL=redis://localhost:6379 to use Redis)'}`,
      '',
      `  Sign in as alice in two browsers (or a normal and a private window): ${options.strategy === 'reject-new' ? 'the second is refused' : 'the first is signed out'}.`,
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
