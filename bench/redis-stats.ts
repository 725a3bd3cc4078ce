import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisServer } from './redis-server.js';
import { SETTINGS } from './settings.js';

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
  return parseCommandStats(await redis.client.info('commandstats'));
}

function parseCommandStats(info: string): CommandCounts {
  const counts: CommandCounts = new Map();
  for (const [, name, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts.set(name!, Number(calls));
  return counts;
}

/** The server's command and network counters at one moment, from one `INFO stats commandstats`. */
export interface TrafficReading {
  commands: CommandCounts;
  /** `total_net_input_bytes` and `total_net_output_bytes`: every byte the server has read and written. */
  bytesIn: number;
  bytesOut: number;
  /** Bytes of this reading's own reply, which the server counts after the reading. */
  replyBytes: number;
}

/** Redis work between two readings: commands (INFO aside), bytes the server read, bytes it wrote. */
export interface Traffic {
  commands: number;
  bytesIn: number;
  bytesOut: number;
}

const TRAFFIC_INFO = ['INFO', 'stats', 'commandstats'];
/** Size of the reading's request on the wire (a RESP array of bulk strings). */
const TRAFFIC_INFO_REQUEST_BYTES = `*${TRAFFIC_INFO.length}\r\n`.length + TRAFFIC_INFO.reduce((sum, arg) => sum + bulkStringBytes(arg), 0);

/** Reads the server's counters now. */
export async function readTraffic(redis: RedisServer): Promise<TrafficReading> {
  const info = String(await redis.client.sendCommand(TRAFFIC_INFO));
  const stat = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1]);
  return { commands: parseCommandStats(info), bytesIn: stat('total_net_input_bytes'), bytesOut: stat('total_net_output_bytes'), replyBytes: bulkStringBytes(info) };
}

/**
 * Redis work between two readings, less the readings' own: the counters of `after` include
 * `before`'s reply and `after`'s request, both of known size, and the INFO calls.
 */
export function trafficBetween(before: TrafficReading, after: TrafficReading): Traffic {
  let commands = 0;
  for (const [name, calls] of after.commands) if (name !== 'info') commands += calls - (before.commands.get(name) ?? 0);
  return { commands, bytesIn: after.bytesIn - before.bytesIn - TRAFFIC_INFO_REQUEST_BYTES, bytesOut: after.bytesOut - before.bytesOut - before.replyBytes };
}

/** Size of `text` as a RESP bulk string: `$<length>\r\n<text>\r\n`. */
function bulkStringBytes(text: string): number {
  const length = Buffer.byteLength(text);
  return `$${length}\r\n`.length + length + 2;
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
 * Key of `RoundTrips` under which `PUBLISH` calls are counted, whichever client sent them: the
 * module's events for the other instances, sent without waiting for a reply, so no round trip
 * a login waits for.
 */
export const PUBLISHED = 'PUBLISH';

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

/** Redis calls per login by client: of an account's first login, and of its second, which evicts the first when the limit is one. */
export interface LoginRoundTrips {
  first: RoundTrips;
  evicting: RoundTrips;
}

/**
 * Traces `tracedLogins` logins of new accounts (`<prefix>-<i>`), one after another with
 * `signIn`, then a second login of each; returns the calls per login of both passes.
 */
export async function traceLogins(redis: RedisServer, prefix: string, signIn: (account: string) => Promise<unknown>): Promise<LoginRoundTrips> {
  const accounts = Array.from({ length: SETTINGS.tracedLogins }, (_, i) => `${prefix}-${i}`);
  const signInAll = async () => {
    for (const account of accounts) await signIn(account);
  };
  const perLogin = (trips: RoundTrips): RoundTrips => new Map([...trips].map(([client, calls]) => [client, calls / accounts.length]));
  const first = perLogin(await traceRoundTrips(redis, signInAll));
  return { first, evicting: perLogin(await traceRoundTrips(redis, signInAll)) };
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
    const counted = upper === 'PUBLISH' ? PUBLISHED : name;
    trips.set(counted, (trips.get(counted) ?? 0) + 1);
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
