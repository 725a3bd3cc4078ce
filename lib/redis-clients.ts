import type { RedisScript } from './redis-scripts.js';

/**
 * A node-redis client (v4/v5: `createClient()`, or a cluster from `createCluster()`), as far
 * as the storage uses it.
 */
export interface NodeRedisClientLike {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** An ioredis client (`new Redis()`, or a cluster from `new Redis.Cluster()`), as far as the storage uses it. */
export interface IoRedisClientLike {
  evalsha(sha: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
  defineCommand: unknown;
}

/** Any Redis client the storage accepts. */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/** Runs one of the storage's scripts on some client. */
export type ScriptRunner = (script: RedisScript, keys: string[], args: string[]) => Promise<unknown>;

/** Whether `value` is a node-redis client or cluster. */
export function isNodeRedisClient(value: unknown): value is NodeRedisClientLike {
  const client = value as Partial<NodeRedisClientLike> | null;
  return typeof client === 'object' && client !== null && typeof client.evalSha === 'function' && typeof client.eval === 'function';
}

/** Whether `value` is an ioredis client or cluster. */
export function isIoRedisClient(value: unknown): value is IoRedisClientLike {
  const client = value as Partial<IoRedisClientLike> | null;
  return (
    typeof client === 'object' && client !== null && typeof client.evalsha === 'function' && typeof client.eval === 'function' && typeof client.defineCommand === 'function'
  );
}

/** Whether `value` is a Redis client the storage can use. */
export function isRedisClient(value: unknown): value is RedisClientLike {
  return isNodeRedisClient(value) || isIoRedisClient(value);
}

/**
 * A runner over the client that `connection` resolves to: it sends `EVALSHA`, and `EVAL` once
 * when the node does not have the script yet (a fresh server, a flushed script cache, another
 * cluster node).
 */
export function scriptRunner(connection: () => Promise<RedisClientLike>): ScriptRunner {
  return async (script, keys, args) => {
    const redis = await connection();
    try {
      return await evaluate(redis, script.sha, true, keys, args);
    } catch (error) {
      if (!String((error as Error)?.message).includes('NOSCRIPT')) throw error;
      return evaluate(redis, script.source, false, keys, args);
    }
  };
}

function evaluate(client: RedisClientLike, scriptOrSha: string, bySha: boolean, keys: string[], args: string[]): Promise<unknown> {
  if (isNodeRedisClient(client)) {
    const options = { keys, arguments: args };
    return bySha ? client.evalSha(scriptOrSha, options) : client.eval(scriptOrSha, options);
  }
  return bySha ? client.evalsha(scriptOrSha, keys.length, ...keys, ...args) : client.eval(scriptOrSha, keys.length, ...keys, ...args);
}
