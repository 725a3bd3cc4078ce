import { cpus, loadavg, totalmem } from 'node:os';

/** Where and when the bench ran. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  redis: string;
  date: string;
  /** 1-minute load average when the bench started: other work on the machine adds noise. */
  loadAtStart: number;
}

/** Describes this machine, with the version of the bench's redis-server. */
export function describeMachine(redisVersion: string): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    redis: redisVersion,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAtStart: loadavg()[0]!,
  };
}
