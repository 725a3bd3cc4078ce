import { fork } from 'node:child_process';
import { once } from 'node:events';

/**
 * Runs a bench script in a fresh Node process (so its memory is its own) with `input` in
 * `BENCH_INPUT` (JSON), and returns the one message it sends back.
 */
export async function runOneShot<T>(script: URL, input: unknown, execArgv: string[] = []): Promise<T> {
  const child = fork(script, [], {
    env: { ...process.env, BENCH_INPUT: JSON.stringify(input) },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: T | undefined;
  child.once('message', (message) => (result = message as T));
  const [code] = await once(child, 'exit');
  if (code !== 0 || result === undefined) throw new Error(`${script.pathname} failed (exit code ${code})`);
  return result;
}

/** The input a one-shot script was started with. */
export function oneShotInput<T>(): T {
  return JSON.parse(process.env.BENCH_INPUT ?? '{}') as T;
}

/** Sends a one-shot script's result to the bench and ends the process. */
export function finishOneShot(result: unknown): void {
  process.send!(result, () => process.exit(0));
}
