import type { AddressInfo } from 'node:net';
import type { SingleSessionStrategy } from 'nestjs-single-session';
import { createSampleApp } from './create-sample-app.js';
import { optionsFromEnvironment } from './sample-options.js';
import { DEMO_ACCOUNTS } from './users.js';
import { allowance } from './views/plan.js';

/** What each mode does, for the banner. */
const MODES: Record<SingleSessionStrategy, { rule: string; twoBrowsers: string }> = {
  'evict-oldest': {
    rule: 'evict-oldest: the newest sign-in wins (start with --reject-new to refuse new sign-ins, --choose to ask which device to sign out)',
    twoBrowsers: 'the first is signed out',
  },
  'reject-new': { rule: 'reject-new: a full account refuses new sign-ins', twoBrowsers: 'the second is refused' },
  choose: { rule: 'choose: a new sign-in on a full account asks which device to sign out', twoBrowsers: 'the second asks which device to sign out' },
};

/**
 * `npm start`: the sample app on http://127.0.0.1:3000 (PORT, HOST), evict-oldest unless
 * `--reject-new`, `--choose` or SINGLE_SESSION_STRATEGY, sessions in memory unless REDIS_URL.
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
  const mode = MODES[options.strategy];
  console.log(
    [
      '',
      `  nestjs-single-session sample app is running at ${url}`,
      '',
      '  Demo accounts (username / password):',
      ...DEMO_ACCOUNTS.map(({ username, password, limit }) => `    ${`${username} / ${password}`.padEnd(22)} ${allowance(limit)} at a time`),
      '',
      `  Mode:     ${mode.rule}`,
      `  Sessions: ${options.redisUrl ? `Redis at ${options.redisUrl}` : 'in memory (set REDIS_URL=redis://localhost:6379 to use Redis)'}`,
      '',
      `  Sign in as alice in two browsers (or a normal and a private window): ${mode.twoBrowsers}.`,
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
