import { Redis, Cluster } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { redisStorage, type RedisClientLike } from 'nestjs-single-session';
import { RedisCluster } from '../support/redis-cluster.js';
import { RedisServer } from '../support/redis-server.js';
import { describeStorageConformance, type StorageUnderTest } from './conformance.js';

/** A server (or cluster) the test starts, flushes and stops. */
interface Servers {
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

/** The storage over a client of freshly started servers; wiped with FLUSHALL, closed with both. */
function onRedis<S extends Servers, C extends RedisClientLike>(start: () => Promise<S>, connect: (servers: S) => Promise<C>, disconnect: (client: C) => void) {
  return async (): Promise<StorageUnderTest> => {
    const servers = await start();
    const client = await connect(servers);
    return {
      storage: redisStorage(client),
      wipe: () => servers.flushAll(),
      close: async () => {
        disconnect(client);
        await servers.stop();
      },
    };
  };
}

describeStorageConformance(
  'Redis through a node-redis client',
  onRedis(() => RedisServer.start(), async (server) => (await createClient({ url: server.url }).connect()) as RedisClientLike, (client) => (client as ReturnType<typeof createClient>).destroy()),
);

describeStorageConformance(
  'Redis through an ioredis client',
  onRedis(() => RedisServer.start(), async (server) => new Redis(server.url), (client) => client.disconnect()),
);

describeStorageConformance(
  'a 3-master Redis Cluster through node-redis createCluster()',
  onRedis(
    () => RedisCluster.start(),
    async (cluster) => (await createCluster({ rootNodes: cluster.urls.map((url) => ({ url })) }).connect()) as RedisClientLike,
    (client) => (client as ReturnType<typeof createCluster>).destroy(),
  ),
);

describeStorageConformance(
  'a 3-master Redis Cluster through ioredis Redis.Cluster',
  onRedis(() => RedisCluster.start(), async (cluster) => new Cluster(cluster.addresses), (client) => client.disconnect()),
);
