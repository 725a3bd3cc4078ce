import type { INestApplication } from '@nestjs/common';

/** The options the bench forked this app process with (`BENCH_APP`, JSON). */
export function benchAppOptions<T>(): T {
  return JSON.parse(process.env.BENCH_APP ?? '{}') as T;
}

/**
 * Serves a bench app to the bench that forked it: listens on a free loopback port, reports it
 * over IPC, answers `'cpu'` with the CPU time the process has used (µs), and on `'stop'` closes
 * the app, then `cleanUp()`, and exits.
 */
export async function serveBenchApp(app: INestApplication, cleanUp: () => Promise<void> = async () => undefined): Promise<void> {
  await app.listen(0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as { port: number }).port });
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system });
      return;
    }
    await app.close();
    await cleanUp();
    process.exit(0);
  });
}
