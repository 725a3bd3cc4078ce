import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisServer } from './redis-server.js';

/** Calls per command name, from `INFO commandstats`. */
export type CommandCounts = Map<string, number>;

/** Commands of the tracker (`RedisSessionStorage`: hashes in `MULTI … EXEC`). */
const TRACKER_COMMANDS = new Set(['hgetall', 'hget', 'hset', 'hsetnx', 'hdel', 'pexpire', 'multi', 'exec']);
/** Commands of connect-redis (the session store). */
const SESSION_COMMANDS = new Set(['get', 'set', 'expire', 'del', 'mget']);

/** Redis commands split by whose they are. */
export interface CommandSplit {
  tracker: number;
  sessions: number;
  other: number;
}

/** The server's command counters now. */
export async function commandCounts(redis: RedisServer): Promise<CommandCounts> {
  const counts: CommandCounts = new Map();
  for (const [, name, calls] of (await redis.client.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    counts.set(name!, Number(calls));
  }
  return counts;
}

/** Commands run between two readings, split by owner (the reading's own INFO is left out). */
export function commandsBetween(before: CommandCounts, after: CommandCounts): CommandSplit {
  const split: CommandSplit = { tracker: 0, sessions: 0, other: 0 };
  for (const [name, calls] of after) {
    if (name === 'info') continue;
    const delta = calls - (before.get(name) ?? 0);
    if (TRACKER_COMMANDS.has(name)) split.tracker += delta;
    else if (SESSION_COMMANDS.has(name)) split.sessions += delta;
    else split.other += delta;
  }
  return split;
}

/** Redis calls per named client: a command on its own counts one, a whole `MULTI … EXEC` one. */
export type RoundTrips = Map<string, number>;

/**
 * Runs `action` while watching the server with `MONITOR`, and counts the calls each named
 * client made (a node-redis `MULTI … EXEC` goes out in one write: one round trip).
 */
export async function traceRoundTrips(redis: RedisServer, action: () => Promise<void>): Promise<RoundTrips> {
  const monitor = redis.client.duplicate({ name: 'bench-monitor' });
  await monitor.connect();
  const lines: string[] = [];
  await monitor.monitor((line) => lines.push(line));
  const endMarker = `bench-trace-end-${Date.now()}`;
  try {
    await action();
    await redis.client.echo(endMarker);
    while (!lines.some((line) => line.includes(endMarker))) await sleep(10);
  } finally {
    await monitor.close();
  }
  return countRoundTrips(lines, await clientNames(redis));
}

function countRoundTrips(lines: string[], names: Map<string, string>): RoundTrips {
  const inTransaction = new Set<string>();
  const trips: RoundTrips = new Map();
  for (const line of lines) {
    const match = /^\S+ \[\d+ (\S+)\] "([^"]+)"/.exec(line);
    if (!match) continue;
    const [, address, command] = match as unknown as [string, string, string];
    const name = names.get(address) ?? address;
    const upper = command.toUpperCase();
    if (upper === 'MULTI') inTransaction.add(address);
    else if (upper === 'EXEC' || upper === 'DISCARD') inTransaction.delete(address);
    if (upper === 'MULTI' || inTransaction.has(address)) continue;
    trips.set(name, (trips.get(name) ?? 0) + 1);
  }
  return trips;
}

async function clientNames(redis: RedisServer): Promise<Map<string, string>> {
  const list = String(await redis.client.sendCommand(['CLIENT', 'LIST']));
  const names = new Map<string, string>();
  for (const line of list.split('\n')) {
    const address = /\baddr=(\S+)/.exec(line)?.[1];
    const name = /\bname=(\S+)/.exec(line)?.[1];
    if (address && name) names.set(address, name);
  }
  return names;
}

/** `used_memory` of the server, bytes. */
export async function usedMemory(redis: RedisServer): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await redis.client.info('memory'))?.[1]);
}
