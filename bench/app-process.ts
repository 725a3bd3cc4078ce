import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { BenchAppOptions, JwtBenchAppOptions } from './app/bench-app-options.js';

/** A bench app running in its own process, so the load generator does not share its event loop. */
export interface AppProcess {
  url: string;
  pid: number;
  /** CPU time (user + system, µs) the app process has used so far. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Forks the express-session bench app (with Node flags `execArgv`, e.g. `--cpu-prof`) and waits until it listens. */
export function startAppProcess(options: BenchAppOptions, execArgv: string[] = []): Promise<AppProcess> {
  return forkApp(new URL('./app/main.js', import.meta.url), options, execArgv);
}

/** Forks the JWT bench app and waits until it listens. */
export function startJwtAppProcess(options: JwtBenchAppOptions): Promise<AppProcess> {
  return forkApp(new URL('./app/jwt-main.js', import.meta.url), options);
}

async function forkApp(entry: URL, options: BenchAppOptions | JwtBenchAppOptions, execArgv: string[] = []): Promise<AppProcess> {
  const child = fork(entry, [], {
    execArgv,
    env: { ...process.env, BENCH_APP: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`a bench app (${JSON.stringify(options)}) exited with code ${code} before it listened`);
  });
  exited.catch(() => undefined);
  const [message] = (await Promise.race([once(child, 'message'), exited])) as [{ port: number }];
  return { url: `http://127.0.0.1:${message.port}`, pid: child.pid!, cpuMicros: () => askCpu(child), stop: () => stopChild(child) };
}

async function askCpu(child: ChildProcess): Promise<number> {
  const reply = once(child, 'message');
  child.send('cpu');
  const [message] = (await reply) as [{ cpuMicros: number }];
  return message.cpuMicros;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
