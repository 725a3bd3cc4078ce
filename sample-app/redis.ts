import { CacheModule } from '@nestjs/cache-manager';
import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createKeyv } from '@keyv/redis';
import { RedisStore } from 'connect-redis';
import type { Store } from 'express-session';
import { createClient, type RedisClientType } from 'redis';

const SESSION_CLIENT = Symbol('SESSION_REDIS_CLIENT');

/** Closes the session store's Redis connection when the app closes. */
@Module({})
class RedisSessionClientModule implements OnApplicationShutdown {
  constructor(@Inject(SESSION_CLIENT) private readonly client: RedisClientType) {}

  static for(client: RedisClientType): DynamicModule {
    return { module: RedisSessionClientModule, providers: [{ provide: SESSION_CLIENT, useValue: client }] };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.isOpen) await this.client.quit();
  }
}

/** Everything the sample keeps in Redis when `REDIS_URL` is set. */
export interface RedisWiring {
  /** express-session's store (connect-redis). */
  sessionStore: Store;
  /** Modules to import: the app's cache on Redis (the tracker uses it), and the client's shutdown. */
  modules: DynamicModule[];
}

/**
 * Sessions in connect-redis, and the app's cache manager (hence SingleSessionModule's tracker)
 * in Redis through `@keyv/redis`, so several instances of the app share both.
 */
export async function redisWiring(url: string): Promise<RedisWiring> {
  const client: RedisClientType = createClient({ url });
  await client.connect();
  return {
    sessionStore: new RedisStore({ client, prefix: 'sample-app:sess:' }),
    modules: [CacheModule.register({ isGlobal: true, stores: [createKeyv(url)] }), RedisSessionClientModule.for(client)],
  };
}
