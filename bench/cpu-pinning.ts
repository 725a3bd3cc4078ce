import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/** CPU of the load generator and redis-server; the app under test gets its own. */
export const LOAD_CPU = 0;
export const APP_CPU = 1;

/**
 * Whether processes can be pinned to CPUs (Linux `taskset`, two cores or more). Pinned, the load
 * generator and the app under test never take turns on one core, which makes runs far steadier.
 */
export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-p', String(process.pid)]).status === 0;

/** Pins every thread of `pid` to `cpu` when pinning is available; new children inherit it. */
export function pin(pid: number, cpu: number): void {
  if (canPin) spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}
