import { spawn } from 'node:child_process';
import type { SingleSessionStrategy } from 'nestjs-single-session';

/** How long (ms) a consumer app may take to print that it listens. */
const START_TIMEOUT = 30_000;

/** A consumer app running in its own Node process. */
export interface ConsumerProcess {
  /** The URL it listens on. */
  url: string;
  /** Stops the process. */
  stop(): void;
}

/**
 * Starts the compiled consumer app at `app` (`dist/main.js`) with the `node` binary given and
 * `strategy`; resolves once it prints the URL it listens on.
 */
export function startConsumer(app: string, strategy: SingleSessionStrategy, node = process.execPath): Promise<ConsumerProcess> {
  const env = { ...process.env, PORT: '0', SINGLE_SESSION_STRATEGY: strategy };
  const child = spawn(node, ['dist/main.js'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`The consumer app at ${app} ${reason}:\n${output}`));
    };
    const timer = setTimeout(() => fail('did not start'), START_TIMEOUT);
    const read = (chunk: Buffer) => {
      output += chunk;
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      child.off('exit', exited);
      resolve({ url: listening[1], stop: () => child.kill() });
    };
    const exited = (code: number | null) => fail(`exited (${code})`);
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', exited);
  });
}
