import { Redis, Cluster } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { redisStorage } from 'nestjs-single-session';
import { RedisCluster } from '../support/redis-cluster.js';
import { RedisServer } from '../support/redis-server.js';
import { describeStorageConformance } from './conformance.js';

describeStorageConformance('Redis through a node-redis client', async () => {
  const server = await RedisServer.start();
  const client = createClient({ url: server.url });
  await client.connect();
  return {
    storage: redisStorage(client),
    wipe: () => server.flushAll(),
    close: async () => {
      client.destroy();
      await server.stop();
    },
  };
});

describeStorageConformance('Redis through an ioredis client', async () => {
  const server = await RedisServer.start();
  const client = new Redis(server.url);
  return {
    storage: redisStorage(client),
    wipe: () => server.flushAll(),
    close: async () => {
      client.disconnect();
      await server.stop();
    },
  };
});

describeStorageConformance('a 3-master Redis Cluster through node-redis createCluster()', async () => {
  const cluster = await RedisCluster.start();
  const client = createCluster({ rootNodes: cluster.urls.map((url) => ({ url })) });
  await client.connect();
  return {
    storage: redisStorage(client),
    wipe: () => cluster.flushAll(),
    close: async () => {
      client.destroy();
      await cluster.stop();
    },
  };
});

describeStorageConformance('a 3-master Redis Cluster through ioredis Redis.Cluster', async () => {
  const cluster = await RedisCluster.start();
  const client = new Cluster(cluster.addresses);
  return {
    storage: redisStorage(client),
    wipe: () => cluster.flushAll(),
    close: async () => {
      client.disconnect();
      await cluster.stop();
    },
  };
});
