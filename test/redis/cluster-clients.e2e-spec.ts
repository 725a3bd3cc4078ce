import { Redis } from 'ioredis';
import { createCluster, defineScript } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisCluster } from '../support/redis-cluster.js';
import { RedisServer } from '../support/redis-server.js';

/**
 * The test infrastructure a Redis storage needs beyond one redis-server: a real 3-master
 * Redis Cluster, and the two clients apps hold (node-redis and ioredis). A storage of an
 * account's sessions must change its keys together, in one Lua script: on a cluster that only
 * works when the keys share a hash tag.
 */

/** Adds a session to an account's login order (sorted set) and its details (hash), in one step; answers both sizes. */
const ADD_SESSION = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return { redis.call('ZCARD', KEYS[1]), redis.call('HLEN', KEYS[2]) }`;

/** One account's two keys, in one slot thanks to the `{acct:1}` hash tag. */
const TAGGED = ['{acct:1}:order', '{acct:1}:sessions'] as const;
/** The same keys without a hash tag: two slots. */
const UNTAGGED = ['acct:1:order', 'acct:1:sessions'] as const;

/** Sessions added at once, so that a script that were not atomic would be caught between its two writes. */
const CONCURRENT = 20;

/** A client under test: runs ADD_SESSION (by EVALSHA, EVAL when the node does not know it yet). */
interface ScriptClient {
  addSession(keys: readonly string[], loginAt: number, handle: string): Promise<number[]>;
  close(): Promise<void>;
}

/** node-redis `createCluster`, with the script as a named command (`defineScript`). */
async function nodeRedisCluster(cluster: RedisCluster): Promise<ScriptClient> {
  const addSession = defineScript({
    NUMBER_OF_KEYS: 2,
    SCRIPT: ADD_SESSION,
    parseCommand(parser, keys: readonly string[], loginAt: number, handle: string) {
      for (const key of keys) parser.pushKey(key);
      parser.push(String(loginAt), handle, JSON.stringify({ loginAt }));
    },
    transformReply: (reply: unknown) => reply as number[],
  });
  const client = createCluster({ rootNodes: cluster.urls.map((url) => ({ url })), scripts: { addSession } });
  await client.connect();
  return { addSession: (keys, loginAt, handle) => client.addSession(keys, loginAt, handle), close: () => client.close() };
}

/** The command ioredis' `defineCommand` adds to a client. */
interface IoredisWithScript {
  addSession(...args: string[]): Promise<number[]>;
}

/** An ioredis client (`new Redis(url)` or `new Redis.Cluster(nodes)`) with the script as a command (`defineCommand`). */
async function ioredis(client: Redis | InstanceType<typeof Redis.Cluster>): Promise<ScriptClient> {
  client.defineCommand('addSession', { numberOfKeys: 2, lua: ADD_SESSION });
  const scripted = client as unknown as IoredisWithScript;
  await new Promise((resolve, reject) => client.once('ready', resolve).once('error', reject));
  return {
    addSession: (keys, loginAt, handle) => scripted.addSession(...keys, String(loginAt), handle, JSON.stringify({ loginAt })),
    close: async () => void (await client.quit()),
  };
}

/** Adds CONCURRENT sessions at once; every reply must see both writes of its own script or neither. */
async function addConcurrently(client: ScriptClient, keys: readonly string[]): Promise<number[][]> {
  return Promise.all(Array.from({ length: CONCURRENT }, (_, i) => client.addSession(keys, 1_000 + i, `handle-${i}`)));
}

/** Every script call reached Redis, by EVALSHA but for the first ones a node had not seen (EVAL). */
function expectScriptCalls(stats: Record<string, number>): void {
  expect(stats.evalsha).toBeGreaterThan(0);
  expect((stats.evalsha ?? 0) + (stats.eval ?? 0)).toBeGreaterThanOrEqual(CONCURRENT);
}

describe('a 3-master Redis Cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await RedisCluster.start();
  });
  afterAll(() => cluster?.stop());
  beforeEach(async () => {
    await cluster.flushAll();
    await cluster.resetStats();
  });

  it('is formed: every master serves its share of the 16384 slots', async () => {
    const ranges = await cluster.nodes[0]!.use((client) => client.clusterSlots());
    expect(ranges.map(({ master }) => master.port)).toEqual(cluster.nodes.map(({ port }) => port));
    expect(ranges.reduce((slots, { from, to }) => slots + to - from + 1, 0)).toBe(16384);
  });

  const clients: Array<[string, (cluster: RedisCluster) => Promise<ScriptClient>]> = [
    ['node-redis createCluster', nodeRedisCluster],
    ['ioredis Redis.Cluster', (cluster) => ioredis(new Redis.Cluster(cluster.addresses))],
  ];

  describe.each(clients)('%s', (_name, connect) => {
    let client: ScriptClient;
    beforeAll(async () => {
      client = await connect(cluster);
    });
    afterAll(() => client?.close());

    it('runs a Lua script on two keys with one hash tag atomically, by EVALSHA', async () => {
      const replies = await addConcurrently(client, TAGGED);

      for (const [ordered, detailed] of replies) expect(ordered).toBe(detailed);
      expect(replies.map(([ordered]) => ordered).sort((a, b) => a! - b!)).toEqual(Array.from({ length: CONCURRENT }, (_, i) => i + 1));
      expectScriptCalls(await cluster.commandStats());
    });

    it('refuses keys without a common hash tag with CROSSSLOT', async () => {
      await expect(client.addSession(UNTAGGED, 1_000, 'handle')).rejects.toThrow(/CROSSSLOT/);
    });
  });

  it('flushAll() empties every master', async () => {
    const client = await nodeRedisCluster(cluster);
    try {
      for (let account = 0; account < 10; account++) await client.addSession([`{acct:${account}}:order`, `{acct:${account}}:sessions`], 1_000, 'handle');
      await cluster.flushAll();
      const sizes = await Promise.all(cluster.nodes.map((node) => node.use((admin) => admin.dbSize())));
      expect(sizes).toEqual([0, 0, 0]);
    } finally {
      await client.close();
    }
  });
});

describe('one redis-server, ioredis new Redis(url)', () => {
  let server: RedisServer;
  let client: ScriptClient;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = await ioredis(new Redis(server.url));
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('runs the same script atomically, by EVALSHA', async () => {
    const replies = await addConcurrently(client, TAGGED);

    for (const [ordered, detailed] of replies) expect(ordered).toBe(detailed);
    expect(Math.max(...replies.map(([ordered]) => ordered!))).toBe(CONCURRENT);
    expectScriptCalls(await server.commandStats());
  });
});
