import { createClient } from 'redis';
import { redisStorage } from 'nestjs-single-session';
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
